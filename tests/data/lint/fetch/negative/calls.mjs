export async function handler(event, init) {
  await fetch(event.url, { signal: AbortSignal.timeout(3000) });
  await fetch(event.url, init);
  await fetch(new Request(event.url, { signal: event.signal }));
  const controller = new AbortController();
  await fetch(event.url, { signal: controller.signal }); // a signal we cannot time
}
