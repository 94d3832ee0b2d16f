/* One pass over a slice of a filter-log-events array: validate, count, and pick the events worth a look.
 *
 * `Scanner.scan(buffer, start, end)` reads the objects `{...}, {...}` in buffer[start:end] and
 * returns (events, selected, flags): how many events the slice holds, the decoded events that
 * carry a needle (as instances of the struct type given to the constructor), and one byte of
 * flags per selected event (1: a needle, 2: an AZ needle). It returns None when the slice holds
 * anything it does not fully understand (another key, a type, a number form, an escape it does
 * not decode, invalid UTF-8, a NUL in a message): the caller then decodes the slice as before,
 * so every verdict on invalid input stays that of the msgspec path.
 *
 * The needles are matched as `ahocorasick_rs` does with its default (standard, non-overlapping)
 * semantics over the decoded message preceded by a NUL: the earliest-ending match is taken and
 * the search starts again from the root after it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#ifndef Py_T_OBJECT_EX /* before 3.12 */
#define Py_T_OBJECT_EX T_OBJECT_EX
#define Py_READONLY READONLY
#endif
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_STATES 4096 /* states of the automaton: at most one per needle byte, plus the root */
#define FLAG_NEEDLE 1
#define FLAG_AZ 2
#define FLAG_START 4 /* the message starts with "START RequestId" */
#define FLAG_END 8
#define FLAG_REPORT 16
#define FLAG_PLATFORM (FLAG_START | FLAG_END | FLAG_REPORT)
#define NAMES 1024 /* stream names cached by the scanner */

typedef struct {
    PyObject_HEAD
    /* The automaton over byte classes (every byte no needle holds is class 0), states numbered
     * so that those where a needle ends come last, ids premultiplied by the class count. */
    uint16_t *delta;   /* states x classes: 394 x 52 today, 41 KB, in the L1 cache */
    uint8_t *out;      /* per state: FLAG_NEEDLE | FLAG_AZ of the needles ending there */
    uint8_t cls[256];
    uint8_t step[256]; /* cls, but STOP for the bytes a string scan must stop at */
    /* A filter before the automaton: one three-byte piece of every needle (the rarest by a
     * fixed guess), hashed. A message where none occurs holds no needle, and the automaton
     * runs only over the others (14 % of the messages of the benchmark). 0 when a needle is
     * too short for it. */
    int filter;
    uint8_t trigrams[1 << 13];
    /* Per START, END and REPORT prefix, when the automaton is at its root after it (a match
     * just ended there): the needle flags it found; -1 otherwise. Only the rest of such a line
     * is then filtered. */
    int prefix_flags[3];
    uint32_t classes;
    uint32_t match_min; /* the first state where a needle ends (premultiplied) */
    uint32_t first;    /* the state after a NUL: where a message starts */
    PyObject *type;    /* the struct built for a selected event */
    PyObject *unset;   /* for the keys an event lacks */
    long long max_millis;
    char *scratch;     /* a message with escapes, decoded */
    Py_ssize_t scratch_size;
    char *flags;       /* one byte per selected event of the slice being scanned */
    Py_ssize_t flags_size;
    /* The log stream names of platform lines, as str, by a hash of their bytes (one slot per
     * hash: a bounded cache, not a table of every stream). */
    PyObject *names[NAMES];
    uint64_t name_hash[NAMES];
    struct Pick *picks; /* the events with a needle of the slice being scanned (raw memory) */
    Py_ssize_t picks_size;
    int busy;           /* a scan runs (it may have let go of the GIL) */
} Scanner;

/* An event with a needle, as the first pass (without the GIL) found it. */
typedef struct Pick {
    const unsigned char *body; /* the message, escaped */
    Py_ssize_t length;
    int escaped, flags, seen;
    long long timestamp, ingestion;
    struct {
        const unsigned char *body;
        Py_ssize_t length;
    } stream, event_id;
} Pick;

/* The platform lines a scan took out of its selection: handled by `platform` from their
 * fields, without an event object each. */
typedef struct {
    long long timestamp;
    Py_ssize_t before; /* how many selected events of the slice come before it */
    PyObject *stream;  /* str, or the unset marker */
    /* Its request id's bytes (ASCII) at `rid_at` in its Lines' `texts`, and their `rid_hash`:
     * a str only where Python needs one (a new record's, a line of an invocation Python has),
     * not one per line, hashed and freed again (1 GB: a million). */
    Py_ssize_t rid_at, rid_len;
    Py_hash_t rid_hash;
    /* A REPORT line's text, UTF-8, at `text_at` in its Lines' `texts` (text_len -1: none): a
     * str only for the invocations Python sees (most leave their window healthy, unread). */
    Py_ssize_t text_at, text_len;
    int kind; /* FLAG_START, FLAG_END or FLAG_REPORT */
} Line;

typedef struct {
    PyObject_HEAD
    Line *v;
    Py_ssize_t n, size;
    long long lo, hi; /* the earliest and latest timestamp, when n > 0 */
    char *texts;      /* the request ids' and REPORT lines' texts, one after the other */
    Py_ssize_t texts_n, texts_size;
} Lines;

static PyTypeObject LinesType;

typedef struct {
    const unsigned char *p;
    const unsigned char *end;
} Cursor;

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL
#define STOP 0xFF /* in Scanner.step: a byte a string scan stops at */

static uint64_t load8(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void skip_ws(Cursor *c) {
    const unsigned char *p = c->p, *end = c->end;
    while (p < end) {
        if (end - p >= 8 && load8(p) == ONES * ' ') { /* an indent: eight spaces at once */
            p += 8;
            continue;
        }
        unsigned char ch = *p;
        if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
            break;
        }
        p++;
    }
    c->p = p;
}

/* Whether none of the eight bytes at p is one a string scan stops at (a quote, a backslash, a
 * control byte, or a byte >= 0x80); may say no for bytes above one that is. */
static int plain8(const unsigned char *p) {
    uint64_t v = load8(p), q = v ^ (ONES * '"'), b = v ^ (ONES * '\\');
    return ((((q - ONES) & ~q) | ((b - ONES) & ~b) | ((v - ONES * 0x20) & ~v) | v) & HIGH) == 0;
}

/* Strict UTF-8 as Python decodes it: no overlongs, no surrogates, nothing past U+10FFFF.
 * `s` points at a byte >= 0x80; returns the sequence length, 0 if invalid. */
static int utf8_length(const unsigned char *s, const unsigned char *end) {
    unsigned char b = s[0];
    Py_ssize_t left = end - s;
    if (b >= 0xC2 && b <= 0xDF) {
        return (left >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    }
    if (b >= 0xE0 && b <= 0xEF) {
        if (left < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) {
            return 0;
        }
        if (b == 0xE0 && s[1] < 0xA0) {
            return 0;
        }
        if (b == 0xED && s[1] > 0x9F) {
            return 0;
        }
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (left < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) {
            return 0;
        }
        if (b == 0xF0 && s[1] < 0x90) {
            return 0;
        }
        if (b == 0xF4 && s[1] > 0x8F) {
            return 0;
        }
        return 4;
    }
    return 0;
}

static int hex4(const unsigned char *s, unsigned int *value) {
    unsigned int v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char h = s[i];
        v <<= 4;
        if (h >= '0' && h <= '9') {
            v |= (unsigned int)(h - '0');
        } else if (h >= 'a' && h <= 'f') {
            v |= (unsigned int)(h - 'a' + 10);
        } else if (h >= 'A' && h <= 'F') {
            v |= (unsigned int)(h - 'A' + 10);
        } else {
            return 0;
        }
    }
    *value = v;
    return 1;
}

static int grow(Scanner *self, Py_ssize_t need) {
    if (need <= self->scratch_size) {
        return 1;
    }
    Py_ssize_t size = self->scratch_size ? self->scratch_size : 4096;
    while (size < need) {
        size *= 2;
    }
    char *bigger = PyMem_Realloc(self->scratch, (size_t)size);
    if (bigger == NULL) {
        return 0;
    }
    self->scratch = bigger;
    self->scratch_size = size;
    return 1;
}

/* The needle flags of a decoded message. */
static int match(const Scanner *self, const unsigned char *s, Py_ssize_t length) {
    const uint16_t *delta = self->delta;
    const uint8_t *cls = self->cls;
    uint32_t state = self->first, match_min = self->match_min;
    int flags = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        state = delta[state + cls[s[i]]];
        if (state >= match_min) {
            flags |= self->out[state / self->classes];
            state = 0;
        }
    }
    return flags;
}

/* Bytes a string scan must stop at: the quote, a backslash, control bytes, and non-ASCII. */
static const unsigned char SPECIAL[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* The first byte in [p, end) a string scan stops at (SPECIAL), or end: sixteen bytes at a time
 * where SSE2 is (every x86-64), else eight (`plain8`). One signed compare finds both the control
 * bytes and those >= 0x80 (negative as signed bytes). */
static const unsigned char *plain_end(const unsigned char *p, const unsigned char *end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                                   _mm_cmplt_epi8(v, space));
        int mask = _mm_movemask_epi8(hit);
        if (mask != 0) {
            return p + __builtin_ctz((unsigned)mask);
        }
        p += 16;
    }
#endif
    while (end - p >= 8 && plain8(p)) {
        p += 8;
    }
    while (p < end && !SPECIAL[*p]) {
        p++;
    }
    return p;
}

typedef struct {
    const unsigned char *body; /* between the quotes, escaped */
    Py_ssize_t length;
    int escaped;
} Str;

/* A string at c->p (after skipping nothing): checks it, leaves c->p after the closing quote.
 * Returns 1, or 0 if not understood. */
static int read_string(Cursor *c, Str *s) {
    if (c->p >= c->end || *c->p != '"') {
        return 0;
    }
    const unsigned char *p = c->p + 1, *end = c->end;
    int escaped = 0;
    while (p < end) {
        p = plain_end(p, end);
        if (p >= end) {
            break;
        }
        unsigned char ch = *p;
        if (ch == '"') {
            s->body = c->p + 1;
            s->length = p - (c->p + 1);
            s->escaped = escaped;
            c->p = p + 1;
            return 1;
        }
        if (ch == '\\') {
            escaped = 1;
            if (end - p < 2) {
                return 0;
            }
            p += 2; /* the escape itself is checked when decoded */
            continue;
        }
        if (ch < 0x20) {
            return 0;
        }
        if (ch >= 0x80) {
            int n = utf8_length(p, end);
            if (n == 0) {
                return 0;
            }
            p += n;
            continue;
        }
        p++;
    }
    return 0;
}

/* One escape at *pp (just after its backslash) decoded to UTF-8 in `to`: its length, or -1 if
 * not understood (an unknown escape, a lone surrogate, a NUL). Advances *pp past it. */
static int decode_escape(const unsigned char **pp, const unsigned char *end, unsigned char *to) {
    const unsigned char *p = *pp;
    if (p >= end) {
        return -1;
    }
    unsigned char e = *p++;
    unsigned int cp, low;
    switch (e) {
    case '"': to[0] = '"'; break;
    case '\\': to[0] = '\\'; break;
    case '/': to[0] = '/'; break;
    case 'b': to[0] = '\b'; break;
    case 'f': to[0] = '\f'; break;
    case 'n': to[0] = '\n'; break;
    case 'r': to[0] = '\r'; break;
    case 't': to[0] = '\t'; break;
    case 'u':
        if (end - p < 4 || !hex4(p, &cp)) {
            return -1;
        }
        p += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return -1;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &low) || low < 0xDC00 || low > 0xDFFF) {
                return -1;
            }
            p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        *pp = p;
        if (cp == 0) {
            return -1; /* a NUL: the Python path looks at such a batch message by message */
        }
        if (cp < 0x80) {
            to[0] = (unsigned char)cp;
            return 1;
        }
        if (cp < 0x800) {
            to[0] = (unsigned char)(0xC0 | (cp >> 6));
            to[1] = (unsigned char)(0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            to[0] = (unsigned char)(0xE0 | (cp >> 12));
            to[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            to[2] = (unsigned char)(0x80 | (cp & 0x3F));
            return 3;
        }
        to[0] = (unsigned char)(0xF0 | (cp >> 18));
        to[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        to[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        to[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    default:
        return -1;
    }
    *pp = p;
    return 1;
}

#define TRIGRAM(a, b, c) ((((unsigned)(a) << 10) ^ ((unsigned)(b) << 5) ^ (unsigned)(c)) & 0xFFFF)
#define HAS(bits, a, b, c) (((bits)[TRIGRAM(a, b, c) >> 3] >> (TRIGRAM(a, b, c) & 7)) & 1)
/* Whether a needle's piece may start in the plain bytes [q, to): independent lookups, four at
 * a time. */
static int may_hold(const uint8_t *bits, const unsigned char *q, const unsigned char *to) {
    while (to - q >= 6) {
        if (HAS(bits, q[0], q[1], q[2]) | HAS(bits, q[1], q[2], q[3]) | HAS(bits, q[2], q[3], q[4]) |
            HAS(bits, q[3], q[4], q[5])) {
            return 1;
        }
        q += 4;
    }
    for (; to - q >= 3; q++) {
        if (HAS(bits, q[0], q[1], q[2])) {
            return 1;
        }
    }
    return 0;
}
/* The needle flags of a checked message body [body, stop): the automaton over its decoded
 * bytes (the needles are ASCII: a byte that is not resets it to its root). */
static int automaton(const Scanner *self, const unsigned char *body, const unsigned char *stop) {
    const uint16_t *delta = self->delta;
    const uint8_t *step = self->step, *cls = self->cls, *out = self->out;
    const uint32_t match_min = self->match_min, classes = self->classes;
    uint32_t state = self->first;
    const unsigned char *p = body;
    int found = 0;
    while (p < stop) {
        uint8_t k = step[*p];
        if (k != STOP) {
            state = delta[state + k];
            p++;
            if (state >= match_min) {
                found |= out[state / classes];
                state = 0;
            }
            continue;
        }
        if (*p == '\\') {
            const unsigned char *after = p + 1;
            unsigned char bytes[4];
            int n = decode_escape(&after, stop, bytes);
            if (n < 0) {
                break;
            }
            p = after;
            for (int i = 0; i < n; i++) {
                state = bytes[i] < 0x80 ? delta[state + cls[bytes[i]]] : 0;
                if (state >= match_min) {
                    found |= out[state / classes];
                    state = 0;
                }
            }
            continue;
        }
        int n = utf8_length(p, stop);
        p += n > 0 ? n : 1;
        state = 0;
    }
    return found;
}
static const char *const PREFIXES[3] = {"START RequestId", "END RequestId", "REPORT RequestId"};
/* A message string at c->p. One pass checks it (strict UTF-8, escapes, no control byte) and
 * runs the filter over its plain runs; the automaton then runs over a message the filter let
 * through, or one with an escape that stands for a needle byte (a quote, \u0041), which may
 * join a needle across it. Otherwise a needle lies within one plain run: what separates two
 * runs is an escape of a byte no needle holds, or not ASCII. Returns 1 with *flags and the
 * escaped body set, 0 if not understood. Only a message that holds a needle is decoded, later
 * (`decoded`): the others are never looked at. */
static int read_message(const Scanner *self, Cursor *c, const unsigned char **text, Py_ssize_t *length, int *flags,
                        int *had_escapes) {
    if (c->p >= c->end || *c->p != '"') {
        return 0;
    }
    const unsigned char *body = c->p + 1, *p = body, *end = c->end;
    int maybe = !self->filter, escaped = 0, found = 0;
    const unsigned char *from = body; /* where the filter starts looking */
    if (!maybe) {
        for (int i = 0; i < 3; i++) {
            size_t n = strlen(PREFIXES[i]);
            if (self->prefix_flags[i] >= 0 && end - body >= (Py_ssize_t)n && memcmp(body, PREFIXES[i], n) == 0) {
                found = self->prefix_flags[i];
                from = body + n;
                break;
            }
        }
    }
    for (;;) {
        const unsigned char *run = p;
        p = plain_end(p, end);
        if (!maybe && p > from) {
            maybe = may_hold(self->trigrams, run > from ? run : from, p);
        }
        if (p >= end) {
            return 0;
        }
        unsigned char ch = *p;
        if (ch == '"') {
            break;
        }
        if (ch == '\\') {
            escaped = 1;
            const unsigned char *after = p + 1;
            unsigned char bytes[4];
            int n = decode_escape(&after, end, bytes);
            if (n < 0) {
                return 0;
            }
            p = after;
            if (n == 1 && self->cls[bytes[0]] != 0) { /* a needle byte */
                maybe = 1;
            }
            continue;
        }
        if (ch < 0x20) {
            return 0;
        }
        int n = utf8_length(p, end);
        if (n == 0) {
            return 0;
        }
        p += n;
    }
    if (maybe) {
        found = automaton(self, body, p);
    }
    c->p = p + 1;
    *flags = found;
    *text = body;
    *length = p - body;
    *had_escapes = escaped;
    return 1;
}

/* The text of a message body that `read_message` checked: the body itself, or with escapes
 * decoded into scratch. 1, or 0 on memory error. */
static int decoded(Scanner *self, const unsigned char *body, Py_ssize_t n, int escaped, const unsigned char **text,
                   Py_ssize_t *length) {
    if (!escaped) {
        *text = body;
        *length = n;
        return 1;
    }
    /* Decoded text is never longer than the escaped body. */
    if (!grow(self, n + 4)) {
        return 0;
    }
    const unsigned char *q = body, *p = body + n;
    unsigned char *o = (unsigned char *)self->scratch;
    while (q < p) {
        const unsigned char *slash = memchr(q, '\\', (size_t)(p - q));
        const unsigned char *stop = slash ? slash : p;
        memcpy(o, q, (size_t)(stop - q));
        o += stop - q;
        q = stop;
        if (slash) {
            q++;
            o += decode_escape(&q, p, o);
        }
    }
    *text = (const unsigned char *)self->scratch;
    *length = o - (unsigned char *)self->scratch;
    return 1;
}

/* A JSON integer: 0 or [1-9][0-9]*, optionally negative, at most 18 digits, not followed by a
 * fraction or exponent. Returns 1, or 0 if not understood. */
static int read_int(Cursor *c, long long *value, int allow_negative) {
    const unsigned char *p = c->p;
    int negative = 0;
    if (p < c->end && *p == '-') {
        if (!allow_negative) {
            return 0;
        }
        negative = 1;
        p++;
    }
    const unsigned char *digits = p;
    long long v = 0;
    while (p < c->end && *p >= '0' && *p <= '9') {
        if (p - digits >= 18) {
            return 0;
        }
        v = v * 10 + (*p - '0');
        p++;
    }
    Py_ssize_t count = p - digits;
    if (count == 0 || (count > 1 && *digits == '0')) {
        return 0;
    }
    if (p < c->end && (*p == '.' || *p == 'e' || *p == 'E')) {
        return 0;
    }
    if (negative && v == 0) {
        return 0; /* "-0": let the decoder say */
    }
    *value = negative ? -v : v;
    c->p = p;
    return 1;
}

static int is_space(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
}

/* The RequestId of "<KIND> RequestId: <id> ...", as `message.split(None, 3)[2]` finds it after
 * checking words[1] == "RequestId:": 1 with the id's span, 0 when it is no such line or when a
 * byte that is not ASCII could be whitespace to Python. */
static int platform_id(const char *s, Py_ssize_t n, Py_ssize_t prefix, Py_ssize_t *from, Py_ssize_t *to) {
    Py_ssize_t p = prefix;
    if (p + 1 >= n || s[p] != ':' || (unsigned char)s[p + 1] >= 0x80 || !is_space((unsigned char)s[p + 1])) {
        return 0;
    }
    p++;
    while (p < n && (unsigned char)s[p] < 0x80 && is_space((unsigned char)s[p])) {
        p++;
    }
    if (p >= n || (unsigned char)s[p] >= 0x80) {
        return 0;
    }
    Py_ssize_t q = p;
    while (q < n && (unsigned char)s[q] < 0x80 && !is_space((unsigned char)s[q])) {
        q++;
    }
    if (q < n && (unsigned char)s[q] >= 0x80) {
        return 0;
    }
    *from = p;
    *to = q;
    return 1;
}

/* The str of a stream name's bytes (valid UTF-8, no escape), cached: 0, or -1 on error. */
static int stream_name(Scanner *self, const unsigned char *s, Py_ssize_t n, PyObject **name) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a, eight bytes at a time */
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        h = (h ^ load8(s + i)) * 1099511628211ULL;
    }
    for (; i < n; i++) {
        h = (h ^ s[i]) * 1099511628211ULL;
    }
    h ^= h >> 29;
    size_t slot = (size_t)(h % NAMES);
    PyObject *known = self->names[slot];
    if (known != NULL && self->name_hash[slot] == h) {
        Py_ssize_t size;
        const char *utf8 = PyUnicode_AsUTF8AndSize(known, &size);
        if (utf8 == NULL) {
            return -1;
        }
        if (size == n && memcmp(utf8, s, (size_t)n) == 0) {
            *name = Py_NewRef(known);
            return 0;
        }
    }
    PyObject *made = PyUnicode_DecodeUTF8((const char *)s, n, NULL);
    if (made == NULL) {
        return -1;
    }
    Py_XSETREF(self->names[slot], Py_NewRef(made));
    self->name_hash[slot] = h;
    *name = made;
    return 0;
}

/* A doubling array of `item`-byte items grown by one step (`first` items the first time):
 * the new block with `*size` updated, or NULL with MemoryError set and both left as they were. */
static void *grown(void *items, Py_ssize_t *size, size_t item, Py_ssize_t first) {
    Py_ssize_t bigger = *size ? 2 * *size : first;
    void *block = PyMem_Realloc(items, item * (size_t)bigger);
    if (block == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    *size = bigger;
    return block;
}

/* `n` bytes at the end of the lines' texts: their place, or -1 with MemoryError set. */
static Py_ssize_t keep_text(Lines *l, const unsigned char *text, Py_ssize_t n) {
    if (l->texts_n + n > l->texts_size) {
        Py_ssize_t size = l->texts_size ? l->texts_size : 4096;
        while (size < l->texts_n + n) {
            size *= 2;
        }
        char *bigger = PyMem_Realloc(l->texts, (size_t)size);
        if (bigger == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        l->texts = bigger;
        l->texts_size = size;
    }
    memcpy(l->texts + l->texts_n, text, (size_t)n);
    l->texts_n += n;
    return l->texts_n - n;
}

/* The book's hash of a request id's bytes (FNV-1a, then a final mix for the table's low bits). */
static Py_hash_t id_hash(const char *s, Py_ssize_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (Py_hash_t)h;
}

/* A line's request id as a str (a new reference). */
static PyObject *line_rid(const Lines *l, const Line *line) {
    PyObject *rid = PyUnicode_New(line->rid_len, 127); /* ASCII: platform_id saw to that */
    if (rid != NULL) {
        memcpy(PyUnicode_DATA(rid), l->texts + line->rid_at, (size_t)line->rid_len);
    }
    return rid;
}

/* A line's REPORT text as a str (a new reference), or None. */
static PyObject *line_message(const Lines *l, const Line *line) {
    if (line->text_len < 0) {
        return Py_NewRef(Py_None);
    }
    return PyUnicode_DecodeUTF8(l->texts + line->text_at, line->text_len, NULL);
}

/* Keep a START, END or REPORT line whose RequestId is plain ASCII as a Line: 1 kept, 0 not
 * such a line (it stays a selected event), -1 on error. */
static int take_line(Scanner *self, Lines **lines, int kind, const unsigned char *text, Py_ssize_t length,
                     long long timestamp, const Str *stream, int has_stream, Py_ssize_t before) {
    Py_ssize_t prefix = kind == FLAG_START ? 15 : kind == FLAG_END ? 13 : 16;
    Py_ssize_t from, to;
    if (!platform_id((const char *)text, length, prefix, &from, &to)) {
        return 0;
    }
    Lines *l = *lines;
    if (l == NULL) {
        l = *lines = PyObject_New(Lines, &LinesType);
        if (l == NULL) {
            return -1;
        }
        l->v = NULL;
        l->n = l->size = 0;
        l->lo = l->hi = 0;
        l->texts = NULL;
        l->texts_n = l->texts_size = 0;
    }
    if (l->n >= l->size) {
        Line *bigger = grown(l->v, &l->size, sizeof(Line), 256);
        if (bigger == NULL) {
            return -1;
        }
        l->v = bigger;
    }
    Line *line = &l->v[l->n];
    line->timestamp = timestamp;
    line->before = before;
    line->kind = kind;
    line->text_at = 0;
    line->text_len = -1;
    line->stream = NULL;
    line->rid_len = to - from;
    line->rid_at = keep_text(l, text + from, to - from);
    if (line->rid_at < 0) {
        return -1;
    }
    line->rid_hash = id_hash((const char *)text + from, to - from);
    /* valid UTF-8: the scan and `sift` see to that */
    if (kind == FLAG_REPORT && (line->text_at = keep_text(l, text, length)) < 0) {
        return -1;
    }
    line->text_len = kind == FLAG_REPORT ? length : -1;
    if (has_stream) {
        if (stream_name(self, stream->body, stream->length, &line->stream) < 0) {
            return -1;
        }
    } else {
        line->stream = Py_NewRef(self->unset);
    }
    if (l->n == 0 || timestamp < l->lo) {
        l->lo = timestamp;
    }
    if (l->n == 0 || timestamp > l->hi) {
        l->hi = timestamp;
    }
    l->n++;
    return 1;
}

enum { K_TIMESTAMP = 1, K_MESSAGE = 2, K_STREAM = 4, K_INGESTION = 8, K_EVENT_ID = 16 };

static int key_of(const Str *k) {
    if (k->escaped) {
        return 0;
    }
#define IS(text) (k->length == (Py_ssize_t)(sizeof(text) - 1) && memcmp(k->body, text, sizeof(text) - 1) == 0)
    if (IS("timestamp")) return K_TIMESTAMP;
    if (IS("message")) return K_MESSAGE;
    if (IS("logStreamName")) return K_STREAM;
    if (IS("ingestionTime")) return K_INGESTION;
    if (IS("eventId")) return K_EVENT_ID;
#undef IS
    return 0;
}

/* Returns 1 (done), 0 (not understood), -1 (a Python error is set). */
/* The first pass, without the GIL (no Python API): checks every event of the slice and notes
 * in self->picks those with a needle. Returns 1 (done), 0 (not understood), -2 (no memory). */
static int scan_slice(Scanner *self, const unsigned char *start, const unsigned char *stop, Py_ssize_t *count,
                      Py_ssize_t *picked) {
    Cursor c = {start, stop};
    Py_ssize_t events = 0, picks = 0;
    skip_ws(&c);
    if (c.p >= c.end) {
        return 0;
    }
    for (;;) {
        if (c.p >= c.end || *c.p != '{') {
            return 0;
        }
        c.p++;
        int seen = 0, flags = 0, escaped = 0;
        long long timestamp = 0, ingestion = 0;
        Str stream = {0}, event_id = {0};
        const unsigned char *text = NULL;
        Py_ssize_t length = 0;
        for (;;) {
            Str key;
            skip_ws(&c);
            if (!read_string(&c, &key)) {
                return 0;
            }
            int k = key_of(&key);
            if (k == 0 || (seen & k)) {
                return 0;
            }
            seen |= k;
            skip_ws(&c);
            if (c.p >= c.end || *c.p != ':') {
                return 0;
            }
            c.p++;
            skip_ws(&c);
            int ok;
            switch (k) {
            case K_TIMESTAMP:
                ok = read_int(&c, &timestamp, 0) && timestamp <= self->max_millis;
                break;
            case K_INGESTION:
                ok = read_int(&c, &ingestion, 1);
                break;
            case K_MESSAGE:
                ok = read_message(self, &c, &text, &length, &flags, &escaped);
                break;
            case K_STREAM:
                ok = read_string(&c, &stream);
                break;
            default:
                ok = read_string(&c, &event_id);
                break;
            }
            if (!ok) {
                return 0;
            }
            skip_ws(&c);
            if (c.p < c.end && *c.p == ',') {
                c.p++;
                continue;
            }
            if (c.p < c.end && *c.p == '}') {
                c.p++;
                break;
            }
            return 0;
        }
        if ((seen & (K_TIMESTAMP | K_MESSAGE)) != (K_TIMESTAMP | K_MESSAGE)) {
            return 0;
        }
        /* Stream names and ids with escapes (never seen in exports) go the decoder's way. */
        if (((seen & K_STREAM) && stream.escaped) || ((seen & K_EVENT_ID) && event_id.escaped)) {
            return 0;
        }
        events++;
        if (flags) {
            if (picks >= self->picks_size) {
                Py_ssize_t size = self->picks_size ? self->picks_size * 2 : 1024;
                Pick *bigger = PyMem_RawRealloc(self->picks, sizeof(Pick) * (size_t)size);
                if (bigger == NULL) {
                    return -2;
                }
                self->picks = bigger;
                self->picks_size = size;
            }
            Pick *pick = &self->picks[picks++];
            pick->body = text;
            pick->length = length;
            pick->escaped = escaped;
            pick->flags = flags;
            pick->seen = seen;
            pick->timestamp = timestamp;
            pick->ingestion = ingestion;
            pick->stream.body = stream.body;
            pick->stream.length = stream.length;
            pick->event_id.body = event_id.body;
            pick->event_id.length = event_id.length;
        }
        skip_ws(&c);
        if (c.p >= c.end) {
            break;
        }
        if (*c.p != ',') {
            return 0;
        }
        c.p++;
        skip_ws(&c);
    }
    *count = events;
    *picked = picks;
    return 1;
}

/* The second pass, with the GIL: the picked events as structs (appended to `selected`, their
 * flags in self->flags) or as Lines. 0, or -1 with an error set. */
static int build(Scanner *self, Py_ssize_t picks, PyObject *selected, Py_ssize_t *flagged, Lines **lines) {
    for (Py_ssize_t i = 0; i < picks; i++) {
        const Pick *pick = &self->picks[i];
        int flags = pick->flags, seen = pick->seen;
        const unsigned char *text;
        Py_ssize_t length;
        if (!decoded(self, pick->body, pick->length, pick->escaped, &text, &length)) {
            PyErr_NoMemory();
            return -1;
        }
        if (flags == FLAG_NEEDLE) { /* a platform line with no AZ needle: a Line, not an event */
            int kind = 0;
            if (length >= 15 && memcmp(text, "START RequestId", 15) == 0) {
                kind = FLAG_START;
            } else if (length >= 13 && memcmp(text, "END RequestId", 13) == 0) {
                kind = FLAG_END;
            } else if (length >= 16 && memcmp(text, "REPORT RequestId", 16) == 0) {
                kind = FLAG_REPORT;
            }
            Str stream = {pick->stream.body, pick->stream.length, 0};
            int taken = kind ? take_line(self, lines, kind, text, length, pick->timestamp, &stream,
                                         seen & K_STREAM, PyList_GET_SIZE(selected))
                             : 0;
            if (taken < 0) {
                return -1;
            }
            if (taken) {
                continue;
            }
        }
        PyObject *args[5] = {NULL, NULL, NULL, NULL, NULL};
        args[0] = PyLong_FromLongLong(pick->timestamp);
        args[1] = PyUnicode_DecodeUTF8((const char *)text, length, NULL);
        if (seen & K_STREAM) {
            args[2] = PyUnicode_DecodeUTF8((const char *)pick->stream.body, pick->stream.length, NULL);
        } else {
            args[2] = Py_NewRef(self->unset);
        }
        args[3] = (seen & K_INGESTION) ? PyLong_FromLongLong(pick->ingestion) : Py_NewRef(self->unset);
        if (seen & K_EVENT_ID) {
            args[4] = PyUnicode_DecodeUTF8((const char *)pick->event_id.body, pick->event_id.length, NULL);
        } else {
            args[4] = Py_NewRef(self->unset);
        }
        PyObject *item = NULL;
        if (args[0] && args[1] && args[2] && args[3] && args[4]) {
            item = PyObject_Vectorcall(self->type, args, 5, NULL);
        }
        for (int j = 0; j < 5; j++) {
            Py_XDECREF(args[j]);
        }
        if (item == NULL) {
            return -1;
        }
        int failed = PyList_Append(selected, item);
        Py_DECREF(item);
        if (failed) {
            return -1;
        }
        if (*flagged >= self->flags_size) {
            Py_ssize_t size = self->flags_size ? self->flags_size * 2 : 4096;
            char *bigger = PyMem_Realloc(self->flags, (size_t)size);
            if (bigger == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            self->flags = bigger;
            self->flags_size = size;
        }
        self->flags[(*flagged)++] = (char)flags;
    }
    return 0;
}

/* scan(buffer, start, end): the first pass lets go of the GIL, so another thread (the grouper,
 * while the reader scans the next slice ahead: checker/ingest/fast_events.py) runs meanwhile. */
static PyObject *Scanner_scan(Scanner *self, PyObject *const *args, Py_ssize_t nargs) {
    if (self->delta == NULL) {
        PyErr_SetString(PyExc_ValueError, "not initialised");
        return NULL;
    }
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "scan(buffer, start, end)");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    Py_ssize_t end = PyLong_AsSsize_t(args[2]);
    if ((start == -1 || end == -1) && PyErr_Occurred()) {
        return NULL;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "a Scanner scans one slice at a time");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (start < 0 || end < start || end > view.len) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "slice out of the buffer");
        return NULL;
    }
    const unsigned char *base = (const unsigned char *)view.buf;
    Py_ssize_t count = 0, picks = 0, flagged = 0;
    int done;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    done = scan_slice(self, base + start, base + end, &count, &picks);
    Py_END_ALLOW_THREADS
    PyObject *result = NULL, *selected = NULL;
    Lines *lines = NULL;
    if (done == -2) {
        PyErr_NoMemory();
        goto out;
    }
    if (done == 0) {
        result = Py_NewRef(Py_None);
        goto out;
    }
    selected = PyList_New(0);
    if (selected == NULL || build(self, picks, selected, &flagged, &lines) < 0) {
        goto out;
    }
    PyObject *flags = PyBytes_FromStringAndSize(self->flags, flagged);
    if (flags != NULL) {
        result = Py_BuildValue("(nONO)", count, selected, flags, lines ? (PyObject *)lines : Py_None);
    }
out:
    self->busy = 0;
    PyBuffer_Release(&view);
    Py_XDECREF(selected);
    Py_XDECREF(lines);
    return result;
}

/* How common a byte is in log text, by a fixed guess: a needle's piece is chosen of rare ones. */
static int commonness(unsigned char b) {
    if (strchr("etaoinsrhldcu 0123456789", b) != NULL) {
        return 3;
    }
    return b >= 'a' && b <= 'z' ? 2 : 1;
}
/* The filter and the prefixes' flags (see Scanner), once the automaton is built. */
static void build_filter(Scanner *self, PyObject *needles) {
    memset(self->trigrams, 0, sizeof(self->trigrams));
    self->filter = 1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(needles); i++) {
        PyObject *needle = PyList_GET_ITEM(needles, i);
        const unsigned char *b = (const unsigned char *)PyBytes_AS_STRING(needle);
        Py_ssize_t n = PyBytes_GET_SIZE(needle), first = b[0] == 0; /* a platform needle's NUL */
        if (n - first < 3 || memchr(b + first, 0, (size_t)(n - first)) != NULL) {
            self->filter = 0;
            return;
        }
        Py_ssize_t best = first;
        int best_score = 99;
        for (Py_ssize_t j = first; j + 3 <= n; j++) {
            int score = commonness(b[j]) + commonness(b[j + 1]) + commonness(b[j + 2]);
            if (score < best_score) {
                best = j;
                best_score = score;
            }
        }
        unsigned h = TRIGRAM(b[best], b[best + 1], b[best + 2]);
        self->trigrams[h >> 3] |= (uint8_t)(1 << (h & 7));
    }
    for (int i = 0; i < 3; i++) {
        const unsigned char *s = (const unsigned char *)PREFIXES[i];
        uint32_t state = self->first;
        int found = 0;
        for (size_t j = 0; s[j] != 0; j++) {
            state = self->delta[state + self->cls[s[j]]];
            if (state >= self->match_min) {
                found |= self->out[state / self->classes];
                state = 0;
            }
        }
        self->prefix_flags[i] = state == 0 ? found : -1;
    }
}

/* Scanner(needles: list[bytes], az_first: int, type, unset, max_millis) */
static int Scanner_init(Scanner *self, PyObject *args, PyObject *kwds) {
    PyObject *needles, *type, *unset;
    Py_ssize_t az_first;
    long long max_millis;
    if (!PyArg_ParseTuple(args, "O!nOOL", &PyList_Type, &needles, &az_first, &type, &unset, &max_millis)) {
        return -1;
    }
    Py_ssize_t count = PyList_GET_SIZE(needles);
    Py_ssize_t room = 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *needle = PyList_GET_ITEM(needles, i);
        room += PyBytes_Check(needle) ? PyBytes_GET_SIZE(needle) : 0;
    }
    if (room > MAX_STATES) {
        PyErr_SetString(PyExc_ValueError, "too many needle bytes");
        return -1;
    }
    /* The trie: goto[state][byte], -1 where none. */
    int32_t *go = PyMem_Malloc(sizeof(int32_t) * 256 * (size_t)room);
    uint8_t *out = PyMem_Calloc((size_t)room, 1);
    int32_t *fail = PyMem_Calloc((size_t)room, sizeof(int32_t));
    int32_t *queue = PyMem_Malloc(sizeof(int32_t) * (size_t)room);
    if (go == NULL || out == NULL || fail == NULL || queue == NULL) {
        PyMem_Free(go);
        PyMem_Free(out);
        PyMem_Free(fail);
        PyMem_Free(queue);
        PyErr_NoMemory();
        return -1;
    }
    memset(go, 0xFF, sizeof(int32_t) * 256 * (size_t)room);
    int states = 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *needle = PyList_GET_ITEM(needles, i);
        if (!PyBytes_Check(needle) || PyBytes_GET_SIZE(needle) == 0) {
            PyErr_SetString(PyExc_TypeError, "needles are non-empty bytes");
            goto error;
        }
        const unsigned char *s = (const unsigned char *)PyBytes_AS_STRING(needle);
        int state = 0;
        for (Py_ssize_t j = 0; j < PyBytes_GET_SIZE(needle); j++) {
            int32_t *next = &go[state * 256 + s[j]];
            if (*next < 0) {
                if (states >= room) {
                    PyErr_SetString(PyExc_ValueError, "too many needle bytes");
                    goto error;
                }
                *next = states++;
            }
            state = *next;
        }
        out[state] |= i >= az_first ? FLAG_AZ : FLAG_NEEDLE;
    }
    /* Breadth first: failure links, outputs along them, and the full transition table. */
    int head = 0, tail = 0;
    for (int b = 0; b < 256; b++) {
        if (go[b] < 0) {
            go[b] = 0;
        } else {
            fail[go[b]] = 0;
            queue[tail++] = go[b];
        }
    }
    while (head < tail) {
        int state = queue[head++];
        out[state] |= out[fail[state]];
        for (int b = 0; b < 256; b++) {
            int32_t next = go[state * 256 + b];
            if (next < 0) {
                go[state * 256 + b] = go[fail[state] * 256 + b];
            } else {
                fail[next] = go[fail[state] * 256 + b];
                queue[tail++] = next;
            }
        }
    }
    /* Byte classes: each byte a needle holds is its own class, every other byte class 0 (from
     * any state it leads back to the root). */
    uint32_t classes = 1;
    memset(self->cls, 0, sizeof(self->cls));
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *needle = PyList_GET_ITEM(needles, i);
        const unsigned char *b = (const unsigned char *)PyBytes_AS_STRING(needle);
        for (Py_ssize_t j = 0; j < PyBytes_GET_SIZE(needle); j++) {
            if (b[j] >= 0x80) {
                PyErr_SetString(PyExc_ValueError, "needles are ASCII");
                goto error;
            }
            if (b[j] != 0 && self->cls[b[j]] == 0) {
                self->cls[b[j]] = (uint8_t)classes++;
            }
        }
    }
    int32_t *number = queue; /* reused: the new number of each state */
    int next_plain = 0, next_match = 0;
    for (int i = 0; i < states; i++) {
        next_match += out[i] == 0;
    }
    int match_first = next_match;
    for (int i = 0; i < states; i++) {
        number[i] = out[i] == 0 ? next_plain++ : next_match++;
    }
    PyMem_Free(self->delta);
    PyMem_Free(self->out);
    if ((size_t)classes * (size_t)states > 0xFFFF) {
        PyErr_SetString(PyExc_ValueError, "too many needle states for 16-bit transitions");
        goto error;
    }
    self->delta = PyMem_Malloc(sizeof(uint16_t) * classes * (size_t)states);
    self->out = PyMem_Malloc((size_t)states);
    if (self->delta == NULL || self->out == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    for (int i = 0; i < states; i++) {
        for (int b = 0; b < 256; b++) {
            if (b == 0 || self->cls[b] != 0) {
                continue;
            }
            if (go[i * 256 + b] != 0) {
                PyErr_SetString(PyExc_ValueError, "a byte no needle holds must lead to the root");
                goto error;
            }
        }
        self->delta[(size_t)number[i] * classes] = 0;
        for (int b = 1; b < 256; b++) {
            if (self->cls[b] != 0) {
                self->delta[(size_t)number[i] * classes + self->cls[b]] = (uint16_t)(number[go[i * 256 + b]] * classes);
            }
        }
        self->out[number[i]] = out[i];
    }
    self->classes = classes;
    for (int b = 0; b < 256; b++) {
        self->step[b] = SPECIAL[b] ? STOP : self->cls[b];
    }
    self->match_min = (uint32_t)match_first * classes;
    self->first = (uint32_t)number[go[0]] * classes;
    build_filter(self, needles);
    Py_XSETREF(self->type, Py_NewRef(type));
    Py_XSETREF(self->unset, Py_NewRef(unset));
    self->max_millis = max_millis;
    PyMem_Free(go);
    PyMem_Free(out);
    PyMem_Free(fail);
    PyMem_Free(queue);
    return 0;
error:
    PyMem_Free(go);
    PyMem_Free(out);
    PyMem_Free(fail);
    PyMem_Free(queue);
    return -1;
}

static void Scanner_dealloc(Scanner *self) {
    PyMem_Free(self->delta);
    PyMem_Free(self->out);
    PyMem_Free(self->scratch);
    PyMem_Free(self->flags);
    for (int i = 0; i < NAMES; i++) {
        Py_XDECREF(self->names[i]);
    }
    PyMem_RawFree(self->picks);
    Py_XDECREF(self->type);
    Py_XDECREF(self->unset);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Scanner_flags(Scanner *self, PyObject *arg) {
    /* The needle flags of one message (bytes, as UTF-8): for tests against the Python selection. */
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "bytes expected");
        return NULL;
    }
    if (self->delta == NULL) {
        PyErr_SetString(PyExc_ValueError, "not initialised");
        return NULL;
    }
    return PyLong_FromLong(
        match(self, (const unsigned char *)PyBytes_AS_STRING(arg), PyBytes_GET_SIZE(arg)));
}


/* ---- The grouper's handling of START, END and REPORT lines (checker/invocations.py), in C.
 *
 * `platform(grouper, items, flags, lines, keys, make_key, other, order_type, blank)` does for a
 * scanned batch what `Grouper._add_scanned` does in Python, in the same order, on the grouper's
 * own dicts, `Invocation` and `_Order` objects: each Line (a START, END or REPORT line the scan
 * took out) as `Grouper._platform_line` handles it, each selected event with `other(index,
 * flags)`. The rare steps (lines waiting to be placed, a failing invocation let go, a stream's
 * first order) are the grouper's own methods. The fields of those objects are read and written
 * at their slots (the types' member descriptors say where), and a new invocation is a copy of
 * `blank` (`Invocation(None, None, None)`) with `Grouper._invocation`'s fields set: no Python
 * call per line, and the state is the Python path's, so the result is too. */

static PyObject *s_by_id, *s_recent, *s_running, *s_order, *s_pending, *s_retired, *s_spans, *s_inputs,
    *s_keep_recent, *s_created, *s_source_now, *s_place_pending, *s_let_go_failing, *s_slots, *s_made,
    *s_line_running, *s_line_time;

static int intern_names(void) {
#define NAME(var, text) if ((var = PyUnicode_InternFromString(text)) == NULL) return -1;
    NAME(s_by_id, "_by_id") NAME(s_recent, "_recent") NAME(s_running, "_running") NAME(s_order, "_order")
    NAME(s_pending, "_pending") NAME(s_retired, "_retiring") NAME(s_spans, "spans") NAME(s_inputs, "_inputs")
    NAME(s_keep_recent, "_keep_recent") NAME(s_created, "_created") NAME(s_source_now, "_source")
    NAME(s_place_pending, "_place_pending") NAME(s_let_go_failing, "_let_go_failing")
    NAME(s_slots, "__slots__") NAME(s_made, "_made") NAME(s_line_running, "running")
    NAME(s_line_time, "timestamp")
#undef NAME
    return 0;
}

/* An int as a long long: PyLong_AsLongLong without its byte-array detour (3.11 takes one
 * for every int of two digits or more, which every timestamp is). */
static long long as_ll(PyObject *v) {
    int overflow;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow) {
        PyErr_SetString(PyExc_OverflowError, "an int too large for the grouper's C");
        return -1;
    }
    return x;
}

/* The fields used here, and where each lives in an object of its type. */
enum { I_REQUEST_ID, I_LOG_GROUP, I_LOG_STREAM, I_START, I_END, I_EVIDENCE, I_REPORT_LINE, I_FINISHED,
       I_SOURCE, I_UNNAMED, I_RANK, I_FIELDS };
static const char *const INVOCATION_FIELDS[I_FIELDS] = {
    "request_id", "log_group", "log_stream", "start", "end", "evidence", "report_line", "finished", "source",
    "unnamed", "rank"};
enum { O_LO, O_HI, O_BEHIND, O_AHEAD, O_INPUT, O_FIELDS };
static const char *const ORDER_FIELDS[O_FIELDS] = {"lo", "hi", "behind", "ahead", "input"};
#define MAX_SLOTS 64

struct Book;

typedef struct {
    struct Book *book; /* the record book of healthy invocations, or NULL (then every one is an object) */
    PyObject *grouper, *by_id, *recent, *running, *order, *pending, *retired, *spans, *created, *source;
    PyObject *order_type, *blank;
    PyTypeObject *inv_type;
    long long inputs;
    Py_ssize_t keep_recent;
    Py_ssize_t inv_at[I_FIELDS], order_at[O_FIELDS];
    Py_ssize_t all_at[MAX_SLOTS]; /* every slot of an Invocation, for copies of `blank` */
    Py_ssize_t slots;
    const Lines *lines; /* the lines `platform` handles (their REPORT texts), or NULL */
    int flush;          /* g_close moves every stream's counts into the grouper's tables */
} G;

/* Streams whose counts wait in the book before g_close moves them into `_retiring` and `spans`.
 * Sums, minima and maxima compose, so they may wait: Python reads those tables only through
 * `Book.flush` (Grouper.retired), a stream's release, or the end (`release_all`). Moving them
 * at every `platform` call cost ~3,000 instructions a stream a slice: ~200 streams a 1 MB
 * slice of the 1 GB benchmark. */
#define FLUSH_AT 4096

/* The record book: the invocations only START, END and REPORT lines have told of, kept as C
 * records, and every stream window of the scanned path (`Grouper._recent` holds the windows of
 * the streams it had before the book). A record becomes an `Invocation` only when Python asks for
 * it (`Book.take`: the invocation gets evidence, a line without an id is placed, a sweep or the
 * end lets its stream go); a healthy one leaving its window is counted (`retired`, `spans`) in C
 * and flushed to the grouper's tables before each call returns. Each record keeps its creation
 * number, the rank `Grouper.finish` orders ties by. */
typedef struct {
    PyObject *rid, *group, *key, *source; /* key: the stream it was made in */
    char *report; /* its REPORT line's UTF-8 (PyMem), a str once Python has the record; or NULL */
    Py_ssize_t report_len;
    PyObject *obj;    /* its Invocation once Python has one (then that holds its state), or NULL */
    long long start, end, made;
    Py_hash_t hash;
    Py_ssize_t stream; /* the window slot it is in (or was made in); -1: a free record */
    Py_ssize_t next_free;
    unsigned char has_start, has_end, done, indexed;
} Rec;

typedef struct {
    PyObject *key;   /* NULL: a free slot */
    Py_ssize_t *window, n, size; /* records, oldest first */
    long long created, open;     /* records made in the stream; of those, not yet finished */
    long long retired, lo, hi;   /* healthy records let go, and their span, since the last flush */
    PyObject *acc_source;        /* the `source` of what `retired`, `lo`, `hi` count */
    Py_ssize_t next_free;
    int has_window, has_span, dirty;
} Stream;

typedef struct Book {
    PyObject_HEAD
    Rec *recs;
    Py_ssize_t nrecs, recs_size, free_rec;
    Py_ssize_t *table; /* open addressing over (group, request id): record index, EMPTY or GONE */
    Py_ssize_t table_size, table_used, indexed;
    Stream *streams;
    Py_ssize_t nstreams, streams_size, free_stream;
    PyObject *slots;   /* stream key -> its slot (int) */
    Py_ssize_t *dirty;
    Py_ssize_t ndirty, dirty_size;
    Py_ssize_t windows; /* streams with a window */
    long long made;
    PyObject *order_type, *blank;
    int laid; /* the layout below is known (`layout`, once per book) */
    Py_ssize_t inv_at[I_FIELDS], order_at[O_FIELDS], all_at[MAX_SLOTS], slots_n;
} Book;

static PyTypeObject BookType;

/* Where the member `name` of `type` lives: an object slot, or -1 with an error set. */
static Py_ssize_t offset_of(PyTypeObject *type, const char *name) {
    PyObject *descr = PyObject_GetAttrString((PyObject *)type, name);
    if (descr == NULL) {
        return -1;
    }
    Py_ssize_t at = -1;
    if (Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        if (member->type == Py_T_OBJECT_EX && !(member->flags & Py_READONLY)) {
            at = member->offset;
        }
    }
    Py_DECREF(descr);
    if (at < 0) {
        PyErr_Format(PyExc_TypeError, "%s.%s: a slot expected", type->tp_name, name);
    }
    return at;
}

#define FIELD(obj, at) (*(PyObject **)((char *)(obj) + (at)))

/* A field's value (borrowed), or NULL with AttributeError when unset. */
static PyObject *field(PyObject *obj, Py_ssize_t at) {
    PyObject *v = FIELD(obj, at);
    if (v == NULL) {
        PyErr_SetString(PyExc_AttributeError, "a field is unset");
    }
    return v;
}

static void set_field(PyObject *obj, Py_ssize_t at, PyObject *value) {
    Py_XSETREF(FIELD(obj, at), Py_NewRef(value));
}

/* An int field that may be None: 1 with *value set, 0 for None, -1 on error. */
static int get_int(PyObject *obj, Py_ssize_t at, long long *value) {
    PyObject *v = field(obj, at);
    if (v == NULL) {
        return -1;
    }
    if (v == Py_None) {
        return 0;
    }
    *value = as_ll(v);
    if (*value == -1 && PyErr_Occurred()) {
        return -1;
    }
    return 1;
}

static int set_int(PyObject *obj, Py_ssize_t at, long long value) {
    PyObject *v = PyLong_FromLongLong(value);
    if (v == NULL) {
        return -1;
    }
    Py_XSETREF(FIELD(obj, at), v);
    return 0;
}

static int is_invocation(G *g, PyObject *inv) {
    if (!Py_IS_TYPE(inv, g->inv_type)) {
        PyErr_SetString(PyExc_TypeError, "the grouper holds an object that is no Invocation");
        return 0;
    }
    return 1;
}

/* Grouper._observe */
static int observe(G *g, PyObject *key, long long t) {
    PyObject *order = PyDict_GetItemWithError(g->order, key);
    long long input = 0, hi, lo, behind, ahead;
    if (order == NULL && PyErr_Occurred()) {
        return -1;
    }
    if (order != NULL) {
        if (!Py_IS_TYPE(order, (PyTypeObject *)g->order_type)) {
            PyErr_SetString(PyExc_TypeError, "an order of the grouper is no _Order");
            return -1;
        }
        if (get_int(order, g->order_at[O_INPUT], &input) <= 0) {
            return PyErr_Occurred() ? -1 : (PyErr_SetString(PyExc_TypeError, "_Order.input"), -1);
        }
    }
    if (order == NULL || input != g->inputs) {
        PyObject *made = PyObject_CallFunction(g->order_type, "LL", t, g->inputs);
        if (made == NULL) {
            return -1;
        }
        int r = PyDict_SetItem(g->order, key, made);
        Py_DECREF(made);
        return r;
    }
    if (get_int(order, g->order_at[O_HI], &hi) <= 0 || get_int(order, g->order_at[O_LO], &lo) <= 0 ||
        get_int(order, g->order_at[O_BEHIND], &behind) <= 0 || get_int(order, g->order_at[O_AHEAD], &ahead) <= 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "_Order: ints expected");
        }
        return -1;
    }
    int r = 0;
    if (t > hi) {
        r = set_int(order, g->order_at[O_HI], t);
    } else if (hi - t > behind) {
        r = set_int(order, g->order_at[O_BEHIND], hi - t);
    }
    if (r == 0) {
        if (t < lo) {
            r = set_int(order, g->order_at[O_LO], t);
        } else if (t - lo > ahead) {
            r = set_int(order, g->order_at[O_AHEAD], t - lo);
        }
    }
    return r;
}

/* The first and last time of an invocation as `_widen` and `may_let_go` take them (borrowed):
 * 1, or 0 when it has neither, -1 on error. */
static int first_last(G *g, PyObject *inv, PyObject **first, PyObject **last) {
    PyObject *start = field(inv, g->inv_at[I_START]);
    PyObject *end = start ? field(inv, g->inv_at[I_END]) : NULL;
    if (end == NULL) {
        return -1;
    }
    if (start == Py_None && end == Py_None) {
        return 0;
    }
    *first = start != Py_None ? start : end;
    *last = end != Py_None ? end : start;
    return 1;
}

static PyObject *stream_of(G *g, PyObject *inv) {
    PyObject *group = field(inv, g->inv_at[I_LOG_GROUP]);
    PyObject *stream = group ? field(inv, g->inv_at[I_LOG_STREAM]) : NULL;
    PyObject *source = stream ? field(inv, g->inv_at[I_SOURCE]) : NULL;
    return source ? PyTuple_Pack(3, group, stream, source) : NULL;
}

/* a < b for two ints of any size: 1, 0, -1 on error. */
static int less(PyObject *a, PyObject *b) {
    int overflow_a, overflow_b;
    long long x = PyLong_AsLongLongAndOverflow(a, &overflow_a);
    long long y = PyLong_AsLongLongAndOverflow(b, &overflow_b);
    if ((x == -1 || y == -1) && PyErr_Occurred()) {
        return -1;
    }
    if (overflow_a || overflow_b) {
        return PyObject_RichCompareBool(a, b, Py_LT);
    }
    return x < y;
}

/* Grouper._widen */
static int widen(G *g, PyObject *inv) {
    PyObject *first, *last;
    int has = first_last(g, inv, &first, &last);
    if (has <= 0) {
        return has;
    }
    PyObject *where = stream_of(g, inv);
    if (where == NULL) {
        return -1;
    }
    PyObject *span = PyDict_GetItemWithError(g->spans, where);
    int r = -1;
    if (span == NULL) {
        if (!PyErr_Occurred()) {
            PyObject *pair = PyTuple_Pack(2, first, last);
            r = pair ? PyDict_SetItem(g->spans, where, pair) : -1;
            Py_XDECREF(pair);
        }
    } else if (PyTuple_Check(span) && PyTuple_GET_SIZE(span) == 2) {
        PyObject *lo = PyTuple_GET_ITEM(span, 0), *hi = PyTuple_GET_ITEM(span, 1);
        int below = less(first, lo);
        int above = below < 0 ? -1 : less(hi, last);
        if (above >= 0) {
            r = 0;
            if (below || above) {
                PyObject *pair = PyTuple_Pack(2, below ? first : lo, above ? last : hi);
                r = pair ? PyDict_SetItem(g->spans, where, pair) : -1;
                Py_XDECREF(pair);
            }
        }
    } else {
        PyErr_SetString(PyExc_TypeError, "a span is a pair");
    }
    Py_DECREF(where);
    return r;
}

/* _Order.may_let_go: 1, 0, -1 on error. */
static int may_let_go(G *g, PyObject *order, PyObject *inv) {
    PyObject *first_obj, *last_obj;
    long long first, last, hi = 0, lo = 0, behind = 0, ahead = 0;
    int has = first_last(g, inv, &first_obj, &last_obj);
    if (has <= 0) {
        return has < 0 ? -1 : 1;
    }
    first = as_ll(first_obj);
    last = as_ll(last_obj);
    if (PyErr_Occurred()) {
        return -1;
    }
    if (!Py_IS_TYPE(order, (PyTypeObject *)g->order_type) || get_int(order, g->order_at[O_HI], &hi) <= 0 ||
        get_int(order, g->order_at[O_LO], &lo) <= 0 || get_int(order, g->order_at[O_BEHIND], &behind) <= 0 ||
        get_int(order, g->order_at[O_AHEAD], &ahead) <= 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "_Order: ints expected");
        }
        return -1;
    }
    return last + 2 * behind < hi || first - 2 * ahead > lo;
}

/* `running.get(key) == inv.request_id`, then pop: _open's and _close's last step. */
static int stop_running(G *g, PyObject *key, PyObject *rid) {
    PyObject *now = PyDict_GetItemWithError(g->running, key);
    if (now == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    int same = PyObject_RichCompareBool(now, rid, Py_EQ);
    if (same < 0) {
        return -1;
    }
    return same ? PyDict_DelItem(g->running, key) : 0;
}

/* Grouper._close */
static int close_inv(G *g, PyObject *inv, PyObject *key, long long t) {
    long long end;
    int has = get_int(inv, g->inv_at[I_END], &end);
    if (has < 0) {
        return -1;
    }
    if ((!has || t > end) && set_int(inv, g->inv_at[I_END], t) < 0) {
        return -1;
    }
    PyObject *own = field(inv, g->inv_at[I_REQUEST_ID]);
    return own ? stop_running(g, key, own) : -1;
}

static int call_method(PyObject *obj, PyObject *name, PyObject *a, PyObject *b, PyObject *c) {
    PyObject *r = PyObject_CallMethodObjArgs(obj, name, a, b, c, NULL);
    if (r == NULL) {
        return -1;
    }
    Py_DECREF(r);
    return 0;
}

/* counter[key] += 1 on a dict of ints */
static int count_one(PyObject *counter, PyObject *key) {
    PyObject *count = PyDict_GetItemWithError(counter, key);
    long long n = 0;
    if (count != NULL) {
        n = as_ll(count);
    }
    if (PyErr_Occurred()) {
        return -1;
    }
    PyObject *more = PyLong_FromLongLong(n + 1);
    int r = more ? PyDict_SetItem(counter, key, more) : -1;
    Py_XDECREF(more);
    return r;
}

static int book_finished(G *g, PyObject *inv, PyObject *key);
static int in_recent(G *g, PyObject *key);

/* The next creation number: the book's, or the grouper's `_made` without one. */
static PyObject *next_made(G *g) {
    if (g->book != NULL) {
        return PyLong_FromLongLong(g->book->made++);
    }
    PyObject *made = PyObject_GetAttr(g->grouper, s_made);
    if (made == NULL) {
        return NULL;
    }
    long long n = as_ll(made);
    PyObject *more = n == -1 && PyErr_Occurred() ? NULL : PyLong_FromLongLong(n + 1);
    if (more == NULL || PyObject_SetAttr(g->grouper, s_made, more) < 0) {
        Py_XDECREF(more);
        Py_DECREF(made);
        return NULL;
    }
    Py_DECREF(more);
    return made;
}

/* `del grouper._by_id[(inv.log_group, inv.request_id or "")]`: 0, or -1 with an error set. */
static int forget_id(G *g, PyObject *inv) {
    PyObject *group = field(inv, g->inv_at[I_LOG_GROUP]);
    PyObject *rid = group ? field(inv, g->inv_at[I_REQUEST_ID]) : NULL;
    if (rid == NULL) {
        return -1;
    }
    PyObject *empty = rid == Py_None ? PyUnicode_FromString("") : NULL;
    if (rid == Py_None && empty == NULL) {
        return -1;
    }
    PyObject *id_key = PyTuple_Pack(2, group, empty ? empty : rid);
    Py_XDECREF(empty);
    int deleted = id_key ? PyDict_DelItem(g->by_id, id_key) : -1;
    Py_XDECREF(id_key);
    return deleted;
}

/* Grouper._finished */
static int finished(G *g, PyObject *inv, PyObject *key) {
    PyObject *done = field(inv, g->inv_at[I_FINISHED]);
    if (done == NULL) {
        return -1;
    }
    int was = PyObject_IsTrue(done);
    if (was != 0) {
        return was < 0 ? -1 : 0;
    }
    set_field(inv, g->inv_at[I_FINISHED], Py_True);
    if (widen(g, inv) < 0) {
        return -1;
    }
    if (g->book != NULL) {
        int there = in_recent(g, key);
        if (there <= 0) {
            return there < 0 ? -1 : book_finished(g, inv, key);
        }
    }
    PyObject *recent = PyDict_GetItemWithError(g->recent, key);
    if (recent == NULL) {
        if (PyErr_Occurred()) {
            return -1;
        }
        PyObject *made = PyList_New(0);
        if (made == NULL || PyDict_SetItem(g->recent, key, made) < 0) {
            Py_XDECREF(made);
            return -1;
        }
        Py_DECREF(made);
        recent = made; /* the dict holds it */
    }
    if (!PyList_Check(recent) || PyList_Append(recent, inv) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "recent invocations: a list expected");
        }
        return -1;
    }
    if (PyList_GET_SIZE(recent) <= g->keep_recent) {
        return 0;
    }
    Py_INCREF(recent);
    int r = -1;
    PyObject *old = PyList_GET_ITEM(recent, 0);
    Py_INCREF(old);
    if (!is_invocation(g, old)) {
        goto done;
    }
    PyObject *order = PyDict_GetItemWithError(g->order, key);
    if (order == NULL && PyErr_Occurred()) {
        goto done;
    }
    if (order != NULL) {
        int go = may_let_go(g, order, old);
        if (go < 0) {
            goto done;
        }
        if (!go) {
            r = 0; /* its lines may still come: keep it, the window grows */
            goto done;
        }
    }
    PyObject *waiting = PyDict_GetItemWithError(g->pending, key);
    if (waiting == NULL && PyErr_Occurred()) {
        goto done;
    }
    if (waiting != NULL) {
        int any = PyObject_IsTrue(waiting);
        if (any < 0 || (any && call_method(g->grouper, s_place_pending, key, old, recent) < 0)) {
            goto done;
        }
    }
    if (PySequence_DelItem(recent, 0) < 0) {
        goto done;
    }
    if (forget_id(g, old) < 0) {
        goto done;
    }
    PyObject *evidence = field(old, g->inv_at[I_EVIDENCE]);
    int failed = evidence ? PyObject_IsTrue(evidence) : -1;
    if (failed < 0) {
        goto done;
    }
    if (failed) {
        r = call_method(g->grouper, s_let_go_failing, old, NULL, NULL);
        goto done;
    }
    {
        PyObject *where = stream_of(g, old);
        if (where != NULL) {
            r = count_one(g->retired, where);
            Py_DECREF(where);
        }
    }
done:
    Py_DECREF(old);
    Py_DECREF(recent);
    return r;
}

/* Grouper._invocation: the invocation of (group, rid), made if new (a new reference). */
static PyObject *invocation(G *g, PyObject *key, PyObject *rid) {
    PyObject *group = PyTuple_GET_ITEM(key, 0), *stream = PyTuple_GET_ITEM(key, 1);
    PyObject *id_key = PyTuple_Pack(2, group, rid);
    if (id_key == NULL) {
        return NULL;
    }
    PyObject *inv = PyDict_GetItemWithError(g->by_id, id_key);
    if (inv != NULL) {
        Py_DECREF(id_key);
        return is_invocation(g, inv) ? Py_NewRef(inv) : NULL;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(id_key);
        return NULL;
    }
    if (!PyUnicode_Check(stream)) {
        Py_DECREF(id_key);
        PyErr_SetString(PyExc_TypeError, "a stream key names its stream with a str");
        return NULL;
    }
    int unnamed = PyUnicode_GET_LENGTH(stream) > 0 && PyUnicode_READ_CHAR(stream, 0) == '<';
    inv = g->inv_type->tp_alloc(g->inv_type, 0);
    if (inv == NULL) {
        Py_DECREF(id_key);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < g->slots; i++) {
        PyObject *v = FIELD(g->blank, g->all_at[i]);
        FIELD(inv, g->all_at[i]) = v ? Py_NewRef(v) : NULL;
    }
    set_field(inv, g->inv_at[I_REQUEST_ID], rid);
    set_field(inv, g->inv_at[I_LOG_GROUP], group);
    set_field(inv, g->inv_at[I_LOG_STREAM], unnamed ? Py_None : stream);
    set_field(inv, g->inv_at[I_SOURCE], group == Py_None ? g->source : Py_None);
    set_field(inv, g->inv_at[I_UNNAMED], unnamed ? stream : Py_None);
    PyObject *rank = next_made(g);
    if (rank == NULL) {
        Py_DECREF(id_key);
        Py_DECREF(inv);
        return NULL;
    }
    Py_XSETREF(FIELD(inv, g->inv_at[I_RANK]), rank);
    if (PyDict_SetItem(g->by_id, id_key, inv) < 0 || count_one(g->created, key) < 0) {
        Py_DECREF(id_key);
        Py_DECREF(inv);
        return NULL;
    }
    Py_DECREF(id_key);
    return inv;
}

/* Grouper._platform_line on the invocation object `inv` (a new reference, released here). */
static int platform_object(G *g, const Line *line, PyObject *key, PyObject *inv) {
    long long t = line->timestamp;
    int r = -1;
    if (line->kind == FLAG_START) {
        long long start, end;
        int has = get_int(inv, g->inv_at[I_START], &start); /* Invocation._touch */
        if (has < 0 || ((!has || t < start) && set_int(inv, g->inv_at[I_START], t) < 0)) {
            goto out;
        }
        /* Grouper._open */
        has = get_int(inv, g->inv_at[I_END], &end);
        PyObject *done = has < 0 ? NULL : field(inv, g->inv_at[I_FINISHED]);
        int was = done ? PyObject_IsTrue(done) : -1;
        PyObject *own = was < 0 ? NULL : field(inv, g->inv_at[I_REQUEST_ID]);
        if (own == NULL) {
            goto out;
        }
        if (!has && !was) {
            r = PyDict_SetItem(g->running, key, own);
        } else {
            r = stop_running(g, key, own);
        }
    } else if (line->kind == FLAG_END) {
        r = close_inv(g, inv, key, t);
    } else {
        PyObject *message = line_message(g->lines, line);
        if (message == NULL) {
            goto out;
        }
        Py_XSETREF(FIELD(inv, g->inv_at[I_REPORT_LINE]), message);
        r = close_inv(g, inv, key, t) < 0 || finished(g, inv, key) < 0 ? -1 : 0;
    }
out:
    Py_DECREF(inv);
    return r;
}

static PyObject *get(PyObject *obj, PyObject *name, int dict) {
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v != NULL && dict && !PyDict_Check(v)) {
        Py_DECREF(v);
        PyErr_SetString(PyExc_TypeError, "the grouper's tables are dicts");
        return NULL;
    }
    return v;
}

static int get_long(PyObject *obj, PyObject *name, long long *value) {
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v == NULL) {
        return -1;
    }
    *value = PyLong_AsLongLong(v);
    Py_DECREF(v);
    return *value == -1 && PyErr_Occurred() ? -1 : 0;
}

/* Where the fields of Invocation (the type of `blank`) and of `order_type` live: 0, -1 on error. */
static int layout(G *g) {
    for (int i = 0; i < I_FIELDS; i++) {
        if ((g->inv_at[i] = offset_of(g->inv_type, INVOCATION_FIELDS[i])) < 0) {
            return -1;
        }
    }
    for (int i = 0; i < O_FIELDS; i++) {
        if ((g->order_at[i] = offset_of((PyTypeObject *)g->order_type, ORDER_FIELDS[i])) < 0) {
            return -1;
        }
    }
    PyObject *names = PyObject_GetAttr((PyObject *)g->inv_type, s_slots);
    if (names == NULL) {
        return -1;
    }
    PyObject *seq = PySequence_Fast(names, "__slots__");
    Py_DECREF(names);
    if (seq == NULL) {
        return -1;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n > MAX_SLOTS || g->inv_type->tp_dictoffset != 0) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_TypeError, "Invocation: at most 64 slots and no __dict__");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *name = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, i));
        if (name == NULL || (g->all_at[i] = offset_of(g->inv_type, name)) < 0) {
            Py_DECREF(seq);
            return -1;
        }
    }
    g->slots = n;
    Py_DECREF(seq);
    return 0;
}

/* ---- The record book (see `Book` above). */

#define EMPTY (-1)
#define GONE (-2)

/* The hash of (group, request id) from the id's `id_hash`: -1 on error. */
static Py_hash_t rec_hash(PyObject *group, Py_hash_t h) {
    Py_hash_t k = group == Py_None ? 0 : PyObject_Hash(group);
    if (k == -1) {
        return -1;
    }
    Py_hash_t x = h ^ (Py_hash_t)((Py_uhash_t)k * 1000003U);
    return x == -1 ? -2 : x;
}

/* The record of (group, the request id of `n` bytes at `rid`) in the index: its number, -1
 * when none, -2 on error. A record's id is an ASCII str (a platform line's). */
static Py_ssize_t book_find(Book *b, PyObject *group, const char *rid, Py_ssize_t n, Py_hash_t h) {
    if (b->table_size == 0) {
        return -1;
    }
    size_t mask = (size_t)b->table_size - 1, i = (size_t)h & mask, perturb = (size_t)h;
    for (;;) {
        Py_ssize_t e = b->table[i];
        if (e == EMPTY) {
            return -1;
        }
        if (e >= 0 && b->recs[e].hash == h) {
            Rec *r = &b->recs[e];
            int same = PyUnicode_GET_LENGTH(r->rid) == n && memcmp(PyUnicode_DATA(r->rid), rid, (size_t)n) == 0;
            if (same && r->group != group) {
                same = PyObject_RichCompareBool(r->group, group, Py_EQ);
            }
            if (same < 0) {
                return -2;
            }
            if (same) {
                return e;
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static void table_put(Book *b, Py_ssize_t index) {
    size_t mask = (size_t)b->table_size - 1, h = (size_t)b->recs[index].hash, i = h & mask, perturb = h;
    while (b->table[i] >= 0) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    if (b->table[i] == EMPTY) {
        b->table_used++;
    }
    b->table[i] = index;
}

static int book_index(Book *b, Py_ssize_t index) {
    if ((b->table_used + 1) * 2 > b->table_size) {
        Py_ssize_t size = 64;
        while (size < 4 * (b->indexed + 1)) {
            size *= 2;
        }
        Py_ssize_t *table = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)size);
        if (table == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < size; i++) {
            table[i] = EMPTY;
        }
        PyMem_Free(b->table);
        b->table = table;
        b->table_size = size;
        b->table_used = 0;
        for (Py_ssize_t i = 0; i < b->nrecs; i++) {
            if (b->recs[i].stream >= 0 && b->recs[i].indexed) {
                table_put(b, i);
            }
        }
    }
    table_put(b, index);
    b->recs[index].indexed = 1;
    b->indexed++;
    return 0;
}

static void book_unindex(Book *b, Py_ssize_t index) {
    Rec *r = &b->recs[index];
    if (!r->indexed) {
        return;
    }
    size_t mask = (size_t)b->table_size - 1, h = (size_t)r->hash, i = h & mask, perturb = h;
    while (b->table[i] != index) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    b->table[i] = GONE;
    r->indexed = 0;
    b->indexed--;
}

/* A zeroed record in slot `stream`: its number, or -1 with an error set. */
static Py_ssize_t rec_alloc(Book *b, Py_ssize_t stream) {
    Py_ssize_t index = b->free_rec;
    if (index >= 0) {
        b->free_rec = b->recs[index].next_free;
    } else {
        if (b->nrecs >= b->recs_size) {
            Rec *bigger = grown(b->recs, &b->recs_size, sizeof(Rec), 1024);
            if (bigger == NULL) {
                return -1;
            }
            b->recs = bigger;
        }
        index = b->nrecs++;
    }
    memset(&b->recs[index], 0, sizeof(Rec));
    b->recs[index].stream = stream;
    b->recs[index].next_free = -1;
    return index;
}

static void rec_free(Book *b, Py_ssize_t index) {
    Rec *r = &b->recs[index];
    book_unindex(b, index);
    Py_CLEAR(r->rid);
    Py_CLEAR(r->group);
    Py_CLEAR(r->key);
    Py_CLEAR(r->source);
    PyMem_Free(r->report);
    r->report = NULL;
    Py_CLEAR(r->obj);
    r->stream = -1;
    r->next_free = b->free_rec;
    b->free_rec = index;
}

/* The slot of stream `key`: made when `make` and new; -1 when none, -2 on error. */
static Py_ssize_t stream_slot(Book *b, PyObject *key, int make) {
    PyObject *known = PyDict_GetItemWithError(b->slots, key);
    if (known != NULL) {
        return PyLong_AsSsize_t(known);
    }
    if (PyErr_Occurred()) {
        return -2;
    }
    if (!make) {
        return -1;
    }
    Py_ssize_t s = b->free_stream;
    if (s >= 0) {
        b->free_stream = b->streams[s].next_free;
    } else {
        if (b->nstreams >= b->streams_size) {
            Stream *bigger = grown(b->streams, &b->streams_size, sizeof(Stream), 64);
            if (bigger == NULL) {
                return -2;
            }
            b->streams = bigger;
        }
        s = b->nstreams++;
    }
    PyObject *number = PyLong_FromSsize_t(s);
    if (number == NULL || PyDict_SetItem(b->slots, key, number) < 0) {
        Py_XDECREF(number);
        b->streams[s].next_free = b->free_stream; /* give the slot back */
        b->streams[s].key = NULL;
        b->free_stream = s;
        return -2;
    }
    Py_DECREF(number);
    memset(&b->streams[s], 0, sizeof(Stream));
    b->streams[s].key = Py_NewRef(key);
    b->streams[s].next_free = -1;
    return s;
}

static int window_push(Book *b, Py_ssize_t s, Py_ssize_t index) {
    Stream *st = &b->streams[s];
    if (st->n >= st->size) {
        Py_ssize_t *bigger = grown(st->window, &st->size, sizeof(Py_ssize_t), 16);
        if (bigger == NULL) {
            return -1;
        }
        st->window = bigger;
    }
    st->window[st->n++] = index;
    if (!st->has_window) {
        st->has_window = 1;
        b->windows++;
    }
    b->recs[index].stream = s;
    return 0;
}

/* What the grouper's `spans` and `retired` lack of slot `s`, added to them. */
static int flush_stream(G *g, Py_ssize_t s) {
    Stream *st = &g->book->streams[s];
    if (!st->dirty) {
        return 0;
    }
    st->dirty = 0;
    if (!st->has_span && !st->retired) {
        return 0;
    }
    PyObject *group = PyTuple_GET_ITEM(st->key, 0), *stream = PyTuple_GET_ITEM(st->key, 1);
    int unnamed = PyUnicode_Check(stream) && PyUnicode_GET_LENGTH(stream) > 0 && PyUnicode_READ_CHAR(stream, 0) == '<';
    PyObject *where = PyTuple_Pack(3, group, unnamed ? Py_None : stream, st->acc_source ? st->acc_source : Py_None);
    if (where == NULL) {
        return -1;
    }
    int r = 0;
    if (st->has_span) {
        long long lo = st->lo, hi = st->hi;
        PyObject *span = PyDict_GetItemWithError(g->spans, where);
        if (span == NULL && PyErr_Occurred()) {
            r = -1;
        } else if (span != NULL) {
            long long a, z;
            if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2) {
                PyErr_SetString(PyExc_TypeError, "a span is a pair");
                r = -1;
            } else {
                a = as_ll(PyTuple_GET_ITEM(span, 0));
                z = a == -1 && PyErr_Occurred() ? 0 : as_ll(PyTuple_GET_ITEM(span, 1));
                if (PyErr_Occurred()) {
                    r = -1;
                } else {
                    lo = a < lo ? a : lo;
                    hi = z > hi ? z : hi;
                }
            }
        }
        if (r == 0) {
            PyObject *pair = Py_BuildValue("(LL)", lo, hi);
            r = pair ? PyDict_SetItem(g->spans, where, pair) : -1;
            Py_XDECREF(pair);
        }
    }
    if (r == 0 && st->retired) {
        PyObject *count = PyDict_GetItemWithError(g->retired, where);
        long long n = count != NULL ? as_ll(count) : 0;
        PyObject *more = PyErr_Occurred() ? NULL : PyLong_FromLongLong(n + st->retired);
        r = more ? PyDict_SetItem(g->retired, where, more) : -1;
        Py_XDECREF(more);
    }
    Py_DECREF(where);
    st = &g->book->streams[s];
    st->has_span = 0;
    st->retired = 0;
    Py_CLEAR(st->acc_source);
    return r;
}

static int flush_all(G *g) {
    Book *b = g->book;
    int r = 0;
    for (Py_ssize_t i = 0; i < b->ndirty; i++) {
        if (b->streams[b->dirty[i]].key != NULL && flush_stream(g, b->dirty[i]) < 0) {
            r = -1;
        }
    }
    b->ndirty = 0;
    return r;
}

/* Slot `s` about to count something of `source`: flushed first if it counts another's. */
static int accumulate(G *g, Py_ssize_t s, PyObject *source) {
    Book *b = g->book;
    Stream *st = &b->streams[s];
    if (st->dirty && (st->has_span || st->retired)) {
        int same = st->acc_source == source ? 1 : PyObject_RichCompareBool(st->acc_source, source, Py_EQ);
        if (same < 0 || (!same && flush_stream(g, s) < 0)) {
            return -1;
        }
        st = &b->streams[s];
    }
    if (!st->dirty) {
        if (b->ndirty >= b->dirty_size) {
            Py_ssize_t *bigger = grown(b->dirty, &b->dirty_size, sizeof(Py_ssize_t), 64);
            if (bigger == NULL) {
                return -1;
            }
            b->dirty = bigger;
        }
        b->dirty[b->ndirty++] = s;
        st->dirty = 1;
    }
    if (st->acc_source != source) {
        Py_XSETREF(st->acc_source, Py_NewRef(source));
    }
    return 0;
}

/* The Invocation of record `index` (a new reference), entered in `_by_id`; the record leaves
 * the index. */
static PyObject *materialize(G *g, Py_ssize_t index) {
    Book *b = g->book;
    Rec *r = &b->recs[index];
    PyObject *stream = PyTuple_GET_ITEM(r->key, 1);
    int unnamed = PyUnicode_GET_LENGTH(stream) > 0 && PyUnicode_READ_CHAR(stream, 0) == '<';
    PyObject *inv = g->inv_type->tp_alloc(g->inv_type, 0);
    if (inv == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < g->slots; i++) {
        PyObject *v = FIELD(g->blank, g->all_at[i]);
        FIELD(inv, g->all_at[i]) = v ? Py_NewRef(v) : NULL;
    }
    set_field(inv, g->inv_at[I_REQUEST_ID], r->rid);
    set_field(inv, g->inv_at[I_LOG_GROUP], r->group);
    set_field(inv, g->inv_at[I_LOG_STREAM], unnamed ? Py_None : stream);
    set_field(inv, g->inv_at[I_SOURCE], r->source);
    set_field(inv, g->inv_at[I_UNNAMED], unnamed ? stream : Py_None);
    PyObject *report = r->report ? PyUnicode_DecodeUTF8(r->report, r->report_len, NULL) : Py_NewRef(Py_None);
    if (report == NULL) {
        Py_DECREF(inv);
        return NULL;
    }
    Py_XSETREF(FIELD(inv, g->inv_at[I_REPORT_LINE]), report);
    set_field(inv, g->inv_at[I_FINISHED], r->done ? Py_True : Py_False);
    PyObject *id_key = PyTuple_Pack(2, r->group, r->rid);
    if (id_key == NULL || (r->has_start && set_int(inv, g->inv_at[I_START], r->start) < 0) ||
        (r->has_end && set_int(inv, g->inv_at[I_END], r->end) < 0) ||
        set_int(inv, g->inv_at[I_RANK], r->made) < 0 || PyDict_SetItem(g->by_id, id_key, inv) < 0) {
        Py_XDECREF(id_key);
        Py_DECREF(inv);
        return NULL;
    }
    Py_DECREF(id_key);
    book_unindex(b, index);
    return inv;
}

/* Record `index` handed to Python: its Invocation stays in its window, or (unfinished) only in
 * `_by_id`. A new reference. */
static PyObject *take_record(G *g, Py_ssize_t index) {
    PyObject *inv = materialize(g, index);
    if (inv == NULL) {
        return NULL;
    }
    Book *b = g->book;
    Rec *r = &b->recs[index];
    if (r->done) {
        r->obj = Py_NewRef(inv);
    } else {
        b->streams[r->stream].open--;
        rec_free(b, index);
    }
    return inv;
}

/* Every record of slot `s`'s window as an Invocation; a new list of them when `list`. */
static int materialize_window(G *g, Py_ssize_t s, PyObject **list) {
    Book *b = g->book;
    if (list != NULL && (*list = PyList_New(b->streams[s].n)) == NULL) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < b->streams[s].n; i++) {
        Py_ssize_t index = b->streams[s].window[i];
        if (b->recs[index].obj == NULL) {
            PyObject *inv = materialize(g, index);
            if (inv == NULL) {
                if (list != NULL) {
                    Py_CLEAR(*list);
                }
                return -1;
            }
            b->recs[index].obj = inv;
        }
        if (list != NULL) {
            PyList_SET_ITEM(*list, i, Py_NewRef(b->recs[index].obj));
        }
    }
    return 0;
}

/* _Order.may_let_go from the times themselves. */
static int may_go(G *g, PyObject *order, long long first, long long last) {
    long long hi = 0, lo = 0, behind = 0, ahead = 0;
    if (!Py_IS_TYPE(order, (PyTypeObject *)g->order_type) || get_int(order, g->order_at[O_HI], &hi) <= 0 ||
        get_int(order, g->order_at[O_LO], &lo) <= 0 || get_int(order, g->order_at[O_BEHIND], &behind) <= 0 ||
        get_int(order, g->order_at[O_AHEAD], &ahead) <= 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "_Order: ints expected");
        }
        return -1;
    }
    return last + 2 * behind < hi || first - 2 * ahead > lo;
}

/* `Grouper._place_pending`'s first question, asked of record `r` leaving its window: may any
 * line waiting in its stream (`_Pending`s) fall in it (`_may_fall_in`)? 0 when none can, and
 * Python need not see the window; 1 when one may or when this cannot be sure (Python then asks
 * again, of the window as Invocations); -1 on error. On the 1 GB benchmark 87 % of the windows
 * left with lines waiting place none of them. */
static int may_place(PyObject *waiting, const Rec *r) {
    if (r->obj != NULL || !PyList_Check(waiting) || r->rid == NULL || !PyUnicode_Check(r->rid)) {
        return 1;
    }
    int has_id = PyUnicode_GET_LENGTH(r->rid) > 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(waiting); i++) {
        PyObject *line = PyList_GET_ITEM(waiting, i);
        PyObject *running = PyObject_GetAttr(line, s_line_running);
        if (running == NULL) {
            return -1;
        }
        int none = running == Py_None;
        int yes = none ? 0 : PyObject_IsTrue(running);
        if (yes > 0) { /* the invocation running when the line was read */
            yes = PyObject_RichCompareBool(running, r->rid, Py_EQ);
        }
        Py_DECREF(running);
        if (yes != 0) {
            return yes;
        }
        PyObject *stamp = PyObject_GetAttr(line, s_line_time);
        if (stamp == NULL) {
            return -1;
        }
        if (stamp == Py_None || !r->has_start || !has_id) {
            Py_DECREF(stamp);
            continue;
        }
        int overflow = 0;
        long long t = PyLong_CheckExact(stamp) ? PyLong_AsLongLongAndOverflow(stamp, &overflow) : 0;
        int sure = PyLong_CheckExact(stamp) && !overflow && !(t == -1 && PyErr_Occurred());
        Py_DECREF(stamp);
        if (!sure) {
            PyErr_Clear();
            return 1;
        }
        if (r->start <= t ? !r->has_end || t <= r->end : none) { /* its span holds the time, or it
                                                                   * started next while none ran */
            return 1;
        }
    }
    return 0;
}

/* Record `index`'s span (Grouper._widen) into slot `s`'s, which waits in the book: at its REPORT,
 * and again when it leaves its window, as `finish` widens with its times as they are then (a START
 * read after the REPORT moves its start). 0, or -1 on error. */
static int span_record(G *g, Py_ssize_t s, Py_ssize_t index) {
    Rec *r = &g->book->recs[index];
    if (!r->has_start && !r->has_end) {
        return 0;
    }
    long long first = r->has_start ? r->start : r->end, last = r->has_end ? r->end : r->start;
    if (accumulate(g, s, r->source) < 0) {
        return -1;
    }
    Stream *st = &g->book->streams[s];
    st->lo = st->has_span && st->lo < first ? st->lo : first;
    st->hi = st->has_span && st->hi > last ? st->hi : last;
    st->has_span = 1;
    return 0;
}

/* Grouper._finished's window step for slot `s` (the stream `key`): the oldest leaves it when
 * more than `keep_recent` wait and its lines cannot come any more. */
static int book_overflow(G *g, Py_ssize_t s, PyObject *key) {
    Book *b = g->book;
    if (b->streams[s].n <= g->keep_recent) {
        return 0;
    }
    Py_ssize_t old = b->streams[s].window[0];
    PyObject *order = PyDict_GetItemWithError(g->order, key);
    if (order == NULL && PyErr_Occurred()) {
        return -1;
    }
    if (order != NULL) {
        int go = 1;
        Rec *r = &b->recs[old];
        if (r->obj != NULL) {
            go = may_let_go(g, order, r->obj);
        } else if (r->has_start || r->has_end) {
            go = may_go(g, order, r->has_start ? r->start : r->end, r->has_end ? r->end : r->start);
        }
        if (go <= 0) {
            return go; /* its lines may still come: keep it, the window grows */
        }
    }
    PyObject *waiting = PyDict_GetItemWithError(g->pending, key);
    if (waiting == NULL && PyErr_Occurred()) {
        return -1;
    }
    int any = waiting == NULL ? 0 : PyObject_IsTrue(waiting);
    if (any > 0) {
        any = may_place(waiting, &b->recs[old]);
    }
    if (any < 0) {
        return -1;
    }
    if (any) { /* lines without an id wait: `_place_pending` sees the window as Invocations */
        PyObject *list;
        if (materialize_window(g, s, &list) < 0) {
            return -1;
        }
        int r = call_method(g->grouper, s_place_pending, key, b->recs[old].obj, list);
        Py_DECREF(list);
        if (r < 0) {
            return -1;
        }
    }
    Stream *st = &b->streams[s];
    memmove(st->window, st->window + 1, sizeof(Py_ssize_t) * (size_t)(st->n - 1));
    st->n--;
    PyObject *inv = b->recs[old].obj;
    if (inv == NULL) { /* healthy, never seen by Python: counted here */
        if (span_record(g, s, old) < 0 || accumulate(g, s, b->recs[old].source) < 0) {
            return -1;
        }
        b->streams[s].retired++;
        rec_free(b, old);
        return 0;
    }
    Py_INCREF(inv);
    rec_free(b, old);
    int r = -1;
    PyObject *evidence = forget_id(g, inv) < 0 ? NULL : field(inv, g->inv_at[I_EVIDENCE]);
    int failed = evidence ? PyObject_IsTrue(evidence) : -1;
    if (failed > 0) {
        r = call_method(g->grouper, s_let_go_failing, inv, NULL, NULL);
    } else if (failed == 0 && widen(g, inv) >= 0) { /* `Grouper._finished`: its times as they are now */
        PyObject *where = stream_of(g, inv);
        if (where != NULL) {
            r = count_one(g->retired, where);
            Py_DECREF(where);
        }
    }
    Py_DECREF(inv);
    return r;
}

/* An Invocation finished (its REPORT read): into its stream's window in the book. */
static int book_finished(G *g, PyObject *inv, PyObject *key) {
    Book *b = g->book;
    Py_ssize_t s = stream_slot(b, key, 1);
    Py_ssize_t index = s < 0 ? -1 : rec_alloc(b, s);
    if (index < 0) {
        return -1;
    }
    b->recs[index].obj = Py_NewRef(inv);
    return window_push(b, s, index) < 0 ? -1 : book_overflow(g, s, key);
}

static int in_recent(G *g, PyObject *key) {
    if (PyDict_GET_SIZE(g->recent) == 0) {
        return 0;
    }
    PyObject *there = PyDict_GetItemWithError(g->recent, key);
    return there != NULL ? 1 : PyErr_Occurred() ? -1 : 0;
}

/* Grouper._platform_line with the book: a record's own fields, unless Python has an object. */
static int platform_line(G *g, const Line *line, PyObject *key) {
    long long t = line->timestamp;
    if (observe(g, key, t) < 0) {
        return -1;
    }
    Book *b = g->book;
    if (b == NULL) {
        PyObject *rid = line_rid(g->lines, line);
        PyObject *inv = rid == NULL ? NULL : invocation(g, key, rid);
        Py_XDECREF(rid);
        return inv == NULL ? -1 : platform_object(g, line, key, inv);
    }
    PyObject *group = PyTuple_GET_ITEM(key, 0);
    Py_hash_t h = rec_hash(group, line->rid_hash);
    if (h == -1) {
        return -1;
    }
    Py_ssize_t index = book_find(b, group, g->lines->texts + line->rid_at, line->rid_len, h);
    if (index == -2) {
        return -1;
    }
    if (index >= 0) {
        PyObject *own = b->recs[index].key;
        int same = own == key ? 1 : PyObject_RichCompareBool(own, key, Py_EQ);
        if (same < 0) {
            return -1;
        }
        if (!same) { /* its id again in another stream: Python's way, on the one object */
            PyObject *inv = take_record(g, index);
            return inv == NULL ? -1 : platform_object(g, line, key, inv);
        }
    } else {
        PyObject *rid = line_rid(g->lines, line);
        PyObject *id_key = rid ? PyTuple_Pack(2, group, rid) : NULL;
        PyObject *inv = id_key ? PyDict_GetItemWithError(g->by_id, id_key) : NULL;
        Py_XDECREF(id_key);
        if (inv != NULL) {
            Py_DECREF(rid);
            return is_invocation(g, inv) ? platform_object(g, line, key, Py_NewRef(inv)) : -1;
        }
        int there = rid == NULL || PyErr_Occurred() ? -1 : in_recent(g, key);
        if (there != 0) { /* a window the grouper had before the book */
            inv = there < 0 ? NULL : invocation(g, key, rid);
            Py_XDECREF(rid);
            return inv == NULL ? -1 : platform_object(g, line, key, inv);
        }
        Py_ssize_t s = stream_slot(b, key, 1);
        index = s < 0 ? -1 : rec_alloc(b, s);
        if (index < 0) {
            Py_DECREF(rid);
            return -1;
        }
        Rec *r = &b->recs[index];
        r->rid = rid;
        r->group = Py_NewRef(group);
        r->key = Py_NewRef(key);
        r->source = Py_NewRef(group == Py_None ? g->source : Py_None);
        r->hash = h;
        r->made = b->made++;
        b->streams[s].created++;
        b->streams[s].open++;
        if (book_index(b, index) < 0) {
            return -1;
        }
    }
    Rec *r = &b->recs[index];
    if (line->kind == FLAG_START) {
        if (!r->has_start || t < r->start) { /* Invocation._touch */
            r->start = t;
            r->has_start = 1;
        }
        if (!r->has_end && !r->done) { /* Grouper._open */
            return PyDict_SetItem(g->running, key, r->rid);
        }
        return stop_running(g, key, r->rid);
    }
    if (!r->has_end || t > r->end) { /* Grouper._close */
        r->end = t;
        r->has_end = 1;
    }
    if (stop_running(g, key, r->rid) < 0) {
        return -1;
    }
    if (line->kind == FLAG_END) {
        return 0;
    }
    r = &b->recs[index];
    char *report = PyMem_Malloc(line->text_len > 0 ? (size_t)line->text_len : 1);
    if (report == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(report, g->lines->texts + line->text_at, (size_t)line->text_len);
    PyMem_Free(r->report);
    r->report = report;
    r->report_len = line->text_len;
    if (r->done) {
        return 0;
    }
    r->done = 1; /* Grouper._finished */
    Py_ssize_t s = r->stream;
    b->streams[s].open--;
    if (span_record(g, s, index) < 0) {
        return -1;
    }
    return window_push(b, s, index) < 0 ? -1 : book_overflow(g, s, key);
}

/* The grouper's tables and the types' layouts, for one call: 0, or -1 on error (g_close either way). */
static int g_open(G *g, PyObject *grouper, PyObject *book, PyObject *order_type, PyObject *blank) {
    memset(g, 0, sizeof(G));
    g->grouper = grouper;
    g->book = book == Py_None ? NULL : (Book *)book;
    g->order_type = order_type;
    g->blank = blank;
    g->inv_type = Py_TYPE(blank);
    g->by_id = get(grouper, s_by_id, 1);
    g->recent = g->by_id ? get(grouper, s_recent, 1) : NULL;
    g->running = g->recent ? get(grouper, s_running, 1) : NULL;
    g->order = g->running ? get(grouper, s_order, 1) : NULL;
    g->pending = g->order ? get(grouper, s_pending, 1) : NULL;
    g->retired = g->pending ? get(grouper, s_retired, 1) : NULL;
    g->spans = g->retired ? get(grouper, s_spans, 1) : NULL;
    g->created = g->spans ? get(grouper, s_created, 1) : NULL;
    g->source = g->created ? get(grouper, s_source_now, 0) : NULL;
    long long keep;
    Book *b = g->book;
    if (b != NULL && b->laid && Py_TYPE(blank) == Py_TYPE(b->blank) && order_type == b->order_type) {
        memcpy(g->inv_at, b->inv_at, sizeof(b->inv_at));
        memcpy(g->order_at, b->order_at, sizeof(b->order_at));
        memcpy(g->all_at, b->all_at, sizeof(b->all_at));
        g->slots = b->slots_n;
    } else if (g->source == NULL || layout(g) < 0) {
        return -1;
    } else if (b != NULL && Py_TYPE(blank) == Py_TYPE(b->blank) && order_type == b->order_type) {
        memcpy(b->inv_at, g->inv_at, sizeof(b->inv_at));
        memcpy(b->order_at, g->order_at, sizeof(b->order_at));
        memcpy(b->all_at, g->all_at, sizeof(b->all_at));
        b->slots_n = g->slots;
        b->laid = 1;
    }
    if (g->source == NULL || get_long(grouper, s_inputs, &g->inputs) < 0 ||
        get_long(grouper, s_keep_recent, &keep) < 0) {
        return -1;
    }
    g->keep_recent = keep > PY_SSIZE_T_MAX ? PY_SSIZE_T_MAX : keep < 0 ? 0 : (Py_ssize_t)keep;
    return 0;
}

/* The end of a call: what the book counted flushed to the grouper's tables when asked
 * (`g->flush`) or once FLUSH_AT streams wait. */
static int g_close(G *g, int r) {
    if (g->book != NULL && g->spans != NULL && g->retired != NULL && (g->flush || g->book->ndirty >= FLUSH_AT)) {
        PyObject *type, *value, *trace;
        PyErr_Fetch(&type, &value, &trace);
        if (flush_all(g) < 0) {
            r = -1;
            if (type != NULL) {
                PyErr_Clear();
            }
        }
        if (type != NULL) {
            PyErr_Restore(type, value, trace);
        }
    }
    Py_XDECREF(g->by_id);
    Py_XDECREF(g->recent);
    Py_XDECREF(g->running);
    Py_XDECREF(g->order);
    Py_XDECREF(g->pending);
    Py_XDECREF(g->retired);
    Py_XDECREF(g->spans);
    Py_XDECREF(g->created);
    Py_XDECREF(g->source);
    return r;
}

static int book_open(G *g, Book *b, PyObject *grouper) {
    return g_open(g, grouper, (PyObject *)b, b->order_type, b->blank);
}

/* Book.take(grouper, group, request_id) -> Invocation or None */
static PyObject *Book_take(Book *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "take(grouper, group, request_id)");
        return NULL;
    }
    if (!PyUnicode_Check(args[2])) {
        return Py_NewRef(Py_None); /* every record's id is a str */
    }
    Py_ssize_t n;
    const char *rid = PyUnicode_AsUTF8AndSize(args[2], &n);
    if (rid == NULL) { /* a lone surrogate: no platform line's id */
        PyErr_Clear();
        return Py_NewRef(Py_None);
    }
    Py_hash_t h = rec_hash(args[1], id_hash(rid, n));
    Py_ssize_t index = h == -1 ? -2 : book_find(self, args[1], rid, n, h);
    if (index < 0) {
        return index == -1 ? Py_NewRef(Py_None) : NULL;
    }
    if (!self->laid) {
        G g;
        if (g_close(&g, book_open(&g, self, args[0])) < 0) {
            return NULL;
        }
    }
    G g = {self}; /* taking a record needs `_by_id` and the layout only (every failing invocation comes here) */
    g.grouper = args[0];
    g.blank = self->blank;
    g.inv_type = Py_TYPE(self->blank);
    memcpy(g.inv_at, self->inv_at, sizeof(self->inv_at));
    memcpy(g.all_at, self->all_at, sizeof(self->all_at));
    g.slots = self->slots_n;
    g.by_id = get(args[0], s_by_id, 1);
    PyObject *inv = g.by_id == NULL ? NULL : take_record(&g, index);
    Py_XDECREF(g.by_id);
    return inv;
}

/* Book.finished(grouper, inv, key): the window step of `Grouper._finished`. */
static PyObject *Book_finished(Book *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyTuple_Check(args[2]) || PyTuple_GET_SIZE(args[2]) != 2) {
        PyErr_SetString(PyExc_TypeError, "finished(grouper, inv, key)");
        return NULL;
    }
    G g;
    int r = book_open(&g, self, args[0]) < 0 || !is_invocation(&g, args[1]) ? -1 : book_finished(&g, args[1], args[2]);
    return g_close(&g, r) < 0 ? NULL : Py_NewRef(Py_None);
}

/* Book.windows() -> [(key, created, size, clean)]: the streams with a window. */
static PyObject *Book_windows(Book *self, PyObject *unused) {
    PyObject *out = PyList_New(0);
    for (Py_ssize_t s = 0; out != NULL && s < self->nstreams; s++) {
        Stream *st = &self->streams[s];
        if (st->key == NULL || !st->has_window) {
            continue;
        }
        int clean = 1;
        for (Py_ssize_t i = 0; clean >= 0 && i < st->n; i++) {
            PyObject *inv = self->recs[st->window[i]].obj;
            if (inv != NULL) {
                PyObject *evidence = PyObject_GetAttrString(inv, "evidence");
                int failed = evidence ? PyObject_IsTrue(evidence) : -1;
                Py_XDECREF(evidence);
                clean = failed < 0 ? -1 : !failed;
            }
        }
        PyObject *entry = clean < 0 ? NULL : Py_BuildValue("(OLnO)", st->key, st->created, st->n, clean ? Py_True : Py_False);
        if (entry == NULL || PyList_Append(out, entry) < 0) {
            Py_CLEAR(out);
        }
        Py_XDECREF(entry);
    }
    return out;
}

/* Slot `s` handed back to Python: its window as a list of Invocations (None without one), its
 * unfinished records as Invocations in `_by_id`; the slot is freed. */
static PyObject *release_slot(G *g, Py_ssize_t s) {
    Book *b = g->book;
    PyObject *list = NULL;
    if (flush_stream(g, s) < 0 || (b->streams[s].has_window && materialize_window(g, s, &list) < 0)) {
        return NULL;
    }
    for (Py_ssize_t i = 0; b->streams[s].open > 0 && i < b->nrecs; i++) {
        Rec *r = &b->recs[i];
        if (r->stream == s && !r->done && r->obj == NULL) {
            PyObject *inv = take_record(g, i);
            if (inv == NULL) {
                Py_XDECREF(list);
                return NULL;
            }
            Py_DECREF(inv);
        }
    }
    Stream *st = &b->streams[s];
    PyObject *entry = Py_BuildValue("(OLO)", st->key, st->created, list ? list : Py_None);
    Py_XDECREF(list);
    if (entry == NULL || PyDict_DelItem(b->slots, st->key) < 0) {
        Py_XDECREF(entry);
        return NULL;
    }
    st = &b->streams[s];
    for (Py_ssize_t i = 0; i < st->n; i++) {
        rec_free(b, st->window[i]);
    }
    if (st->has_window) {
        b->windows--;
    }
    PyMem_Free(st->window);
    Py_CLEAR(st->key);
    Py_CLEAR(st->acc_source);
    memset(st, 0, sizeof(Stream));
    st->next_free = b->free_stream;
    b->free_stream = s;
    return entry;
}

/* Book.release(grouper, key) -> (key, created, window or None), or None without such a stream. */
static PyObject *Book_release(Book *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "release(grouper, key)");
        return NULL;
    }
    Py_ssize_t s = stream_slot(self, args[1], 0);
    if (s < 0) {
        return s == -1 ? Py_NewRef(Py_None) : NULL;
    }
    G g;
    PyObject *out = book_open(&g, self, args[0]) < 0 ? NULL : release_slot(&g, s);
    return g_close(&g, 0) < 0 ? (Py_XDECREF(out), NULL) : out;
}

/* Book.release_all(grouper) -> [(key, created, window or None)]: every stream, the book empty. */
static PyObject *Book_release_all(Book *self, PyObject *grouper) {
    G g;
    PyObject *out = book_open(&g, self, grouper) < 0 ? NULL : PyList_New(0);
    g.flush = 1;
    for (Py_ssize_t s = 0; out != NULL && s < self->nstreams; s++) {
        if (self->streams[s].key == NULL) {
            continue;
        }
        PyObject *entry = release_slot(&g, s);
        if (entry == NULL || PyList_Append(out, entry) < 0) {
            Py_CLEAR(out);
        }
        Py_XDECREF(entry);
    }
    return g_close(&g, 0) < 0 ? (Py_XDECREF(out), NULL) : out;
}

/* Book.flush(grouper): every stream's counts into the grouper's `_retiring` and `spans`. */
static PyObject *Book_flush(Book *self, PyObject *grouper) {
    G g;
    int r = book_open(&g, self, grouper);
    g.flush = 1;
    return g_close(&g, r) < 0 ? NULL : Py_NewRef(Py_None);
}

static PyObject *Book_next_made(Book *self, PyObject *unused) {
    return PyLong_FromLongLong(self->made++);
}

static PyObject *Book_get_made(Book *self, void *closure) {
    return PyLong_FromLongLong(self->made);
}

static Py_ssize_t Book_length(Book *self) {
    return self->windows;
}

/* Book(blank, order_type, made) */
static int Book_init(Book *self, PyObject *args, PyObject *kwds) {
    PyObject *blank, *order_type;
    long long made;
    if (!PyArg_ParseTuple(args, "OO!L", &blank, &PyType_Type, &order_type, &made)) {
        return -1;
    }
    if (self->slots != NULL) {
        PyErr_SetString(PyExc_TypeError, "a Book is made once");
        return -1;
    }
    self->blank = Py_NewRef(blank);
    self->order_type = Py_NewRef(order_type);
    self->slots = PyDict_New();
    self->made = made;
    self->free_rec = self->free_stream = -1;
    return self->slots == NULL ? -1 : 0;
}

static void Book_dealloc(Book *self) {
    for (Py_ssize_t i = 0; i < self->nrecs; i++) {
        if (self->recs[i].stream >= 0) {
            Rec *r = &self->recs[i];
            Py_XDECREF(r->rid);
            Py_XDECREF(r->group);
            Py_XDECREF(r->key);
            Py_XDECREF(r->source);
            PyMem_Free(r->report);
            Py_XDECREF(r->obj);
        }
    }
    for (Py_ssize_t s = 0; s < self->nstreams; s++) {
        if (self->streams[s].key != NULL) {
            Py_XDECREF(self->streams[s].key);
            Py_XDECREF(self->streams[s].acc_source);
            PyMem_Free(self->streams[s].window);
        }
    }
    PyMem_Free(self->recs);
    PyMem_Free(self->table);
    PyMem_Free(self->streams);
    PyMem_Free(self->dirty);
    Py_XDECREF(self->slots);
    Py_XDECREF(self->blank);
    Py_XDECREF(self->order_type);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Book_methods[] = {
    {"take", (PyCFunction)(void (*)(void))Book_take, METH_FASTCALL,
     "take(grouper, group, request_id) -> the Invocation of a record (entered in _by_id), or None"},
    {"finished", (PyCFunction)(void (*)(void))Book_finished, METH_FASTCALL,
     "finished(grouper, inv, key): Grouper._finished's window step, in the book"},
    {"windows", (PyCFunction)Book_windows, METH_NOARGS, "windows() -> [(key, created, size, clean)]"},
    {"release", (PyCFunction)(void (*)(void))Book_release, METH_FASTCALL,
     "release(grouper, key) -> (key, created, window or None) or None"},
    {"release_all", (PyCFunction)Book_release_all, METH_O, "release_all(grouper) -> [(key, created, window or None)]"},
    {"next_made", (PyCFunction)Book_next_made, METH_NOARGS, "next_made() -> the next creation number"},
    {"flush", (PyCFunction)Book_flush, METH_O, "flush(grouper): every stream's counts into its tables"},
    {NULL, NULL, 0, NULL},
};
static PyGetSetDef Book_getset[] = {
    {"made", (getter)Book_get_made, NULL, "the next creation number", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static PySequenceMethods Book_sequence = {.sq_length = (lenfunc)Book_length};

static PyTypeObject BookType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "checker._scan.Book",
    .tp_basicsize = sizeof(Book),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The healthy invocations of the scanned path, as C records (see Grouper._book).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Book_init,
    .tp_dealloc = (destructor)Book_dealloc,
    .tp_methods = Book_methods,
    .tp_getset = Book_getset,
    .tp_as_sequence = &Book_sequence,
};

/* platform(grouper, items, flags, lines, keys, make_key, other, order_type, blank, book) */
static PyObject *platform(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 10 || !PyList_Check(args[1]) || !PyBytes_Check(args[2]) ||
        (args[3] != Py_None && !Py_IS_TYPE(args[3], &LinesType)) || !PyDict_Check(args[4]) ||
        !PyType_Check(args[7]) || PyBytes_GET_SIZE(args[2]) != PyList_GET_SIZE(args[1]) ||
        (args[9] != Py_None && !Py_IS_TYPE(args[9], &BookType))) {
        PyErr_SetString(PyExc_TypeError, "platform(grouper, items: list, flags: bytes, lines, keys: dict, make_key, "
                                         "other, order_type, blank, book: Book | None)");
        return NULL;
    }
    PyObject *items = args[1], *keys = args[4], *make_key = args[5], *other = args[6];
    const Lines *lines = args[3] == Py_None ? NULL : (const Lines *)args[3];
    const unsigned char *flags = (const unsigned char *)PyBytes_AS_STRING(args[2]);
    G g;
    int r = -1;
    if (g_open(&g, args[0], args[9], args[7], args[8]) < 0) {
        goto out;
    }
    g.lines = lines;
    Py_ssize_t count = PyList_GET_SIZE(items), next = 0, taken = lines ? lines->n : 0;
    for (Py_ssize_t i = 0; i <= count; i++) {
        for (; next < taken && lines->v[next].before <= i; next++) {
            const Line *line = &lines->v[next];
            PyObject *key = PyDict_GetItemWithError(keys, line->stream);
            if (key != NULL) {
                Py_INCREF(key);
            } else if (!PyErr_Occurred()) {
                key = PyObject_CallOneArg(make_key, line->stream);
                if (key != NULL && (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != 2 ||
                                    !PyUnicode_Check(PyTuple_GET_ITEM(key, 1)))) {
                    PyErr_SetString(PyExc_TypeError, "a stream key is a pair (group, str)");
                    Py_CLEAR(key);
                }
                if (key != NULL && PyDict_SetItem(keys, line->stream, key) < 0) {
                    Py_CLEAR(key);
                }
            }
            int failed = key == NULL || platform_line(&g, line, key) < 0;
            Py_XDECREF(key);
            if (failed) {
                goto out;
            }
        }
        if (i < count && flags[i]) {
            PyObject *done = PyObject_CallFunction(other, "ni", i, (int)flags[i]);
            if (done == NULL) {
                goto out;
            }
            Py_DECREF(done);
        }
    }
    r = 0;
out:
    return g_close(&g, r) < 0 ? NULL : Py_NewRef(Py_None);
}

/* ---- Lines, as Python sees them: their number, their time span, and (for tests) their fields. */

static void Lines_dealloc(Lines *self) {
    for (Py_ssize_t i = 0; i < self->n; i++) {
        Py_XDECREF(self->v[i].stream);
    }
    PyMem_Free(self->v);
    PyMem_Free(self->texts);
    PyObject_Free(self);
}

static Py_ssize_t Lines_length(Lines *self) {
    return self->n;
}

static PyObject *Lines_stamps(Lines *self, void *closure) {
    if (self->n == 0) {
        return PyTuple_New(0);
    }
    return Py_BuildValue("(LL)", self->lo, self->hi);
}

static PyObject *Lines_entries(Lines *self, PyObject *unused) {
    PyObject *out = PyList_New(self->n);
    for (Py_ssize_t i = 0; out != NULL && i < self->n; i++) {
        const Line *l = &self->v[i];
        const char *kind = l->kind == FLAG_START ? "START" : l->kind == FLAG_END ? "END" : "REPORT";
        PyObject *rid = line_rid(self, l);
        PyObject *message = rid == NULL ? NULL : line_message(self, l);
        PyObject *entry = message == NULL ? NULL
                                          : Py_BuildValue("(nsLONN)", l->before, kind, l->timestamp, l->stream,
                                                          rid, message);
        if (message == NULL) {
            Py_XDECREF(rid);
        }
        if (entry == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, entry);
    }
    return out;
}

static PySequenceMethods Lines_sequence = {.sq_length = (lenfunc)Lines_length};
static PyGetSetDef Lines_getset[] = {
    {"stamps", (getter)Lines_stamps, NULL, "(earliest, latest) timestamp, or ()", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static PyMethodDef Lines_methods[] = {
    {"entries", (PyCFunction)Lines_entries, METH_NOARGS,
     "[(selected before it, kind, timestamp, stream, request id, REPORT message or None)]"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject LinesType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "checker._scan.Lines",
    .tp_basicsize = sizeof(Lines),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The START, END and REPORT lines a scan took out of its selection.",
    .tp_dealloc = (destructor)Lines_dealloc,
    .tp_as_sequence = &Lines_sequence,
    .tp_getset = Lines_getset,
    .tp_methods = Lines_methods,
};

/* find(buffer, needle, start) -> int: buffer.find(needle, start), by memmem (glibc's is about
 * twice as fast as bytearray.find on the 20-byte `"searchedLogStreams"` every chunk is searched
 * for). */
static PyObject *find(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyBytes_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "find(buffer, needle: bytes, start)");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[2]);
    if (start == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    Py_ssize_t n = PyBytes_GET_SIZE(args[1]), at = -1;
    const char *needle = PyBytes_AS_STRING(args[1]);
    if (start < 0) { /* from the end, as slices count */
        start = start + view.len < 0 ? 0 : start + view.len;
    }
    if (n > 0 && start <= view.len - n) {
        const char *base = (const char *)view.buf;
        const char *found = memmem(base + start, (size_t)(view.len - start), needle, (size_t)n);
        at = found ? found - base : -1;
    } else if (n == 0 && start <= view.len) {
        at = start;
    }
    PyBuffer_Release(&view);
    return PyLong_FromSsize_t(at);
}

/* ---- Sifting: what `Scanner.scan` gives for a slice, for events already decoded.
 *
 * `Scanner.sift(items, event_type, group)` takes a batch of the other readers (LogEvents, the
 * structs of checker/ingest: anything with `.message`, `.timestamp`, `.log_stream`) and returns
 * (selected, flags, lines, group) as a scan would for the same events: the items that hold a
 * needle, their flags, and their START, END and REPORT lines taken out as `Lines`. The group is
 * that of every item (an `event_type` item's own `.log_group`, any other's `group`); it returns
 * None when they differ, when a message holds a NUL (the Python path then looks at every event),
 * when a selected item's time is neither None nor an int the readers give (0 to max_millis), or
 * when an item is not what the readers make: the caller then takes the Python path. */

static PyObject *s_message, *s_timestamp, *s_log_stream, *s_log_group, *s_event_id;

/* The attribute names of an event, interned once: 0, or -1 with an error set. */
static int item_names(void) {
    if (s_event_id != NULL) {
        return 0;
    }
    if ((s_message = PyUnicode_InternFromString("message")) == NULL ||
        (s_timestamp = PyUnicode_InternFromString("timestamp")) == NULL ||
        (s_log_stream = PyUnicode_InternFromString("log_stream")) == NULL ||
        (s_log_group = PyUnicode_InternFromString("log_group")) == NULL ||
        (s_event_id = PyUnicode_InternFromString("event_id")) == NULL) {
        return -1;
    }
    return 0;
}

/* The needle flags of a message's text as `read_message` finds them in a decoded body: the
 * filter (after a platform prefix that leaves the automaton at its root), then the automaton.
 * `s` holds UTF-8 or Latin-1 code points: a byte >= 0x80 resets the automaton either way (the
 * needles are ASCII, and every byte of a non-ASCII UTF-8 sequence is >= 0x80). */
static int text_flags(const Scanner *self, const unsigned char *s, Py_ssize_t n) {
    if (!self->filter) {
        return match(self, s, n);
    }
    int found = 0;
    const unsigned char *from = s;
    for (int i = 0; i < 3; i++) {
        size_t k = strlen(PREFIXES[i]);
        if (self->prefix_flags[i] >= 0 && n >= (Py_ssize_t)k && memcmp(s, PREFIXES[i], k) == 0) {
            found = self->prefix_flags[i];
            from = s + k;
            break;
        }
    }
    return may_hold(self->trigrams, from, s + n) ? match(self, s, n) : found;
}

/* The stream of an item whose line can be a Line: 1 with `stream` set (has_stream 0 for None
 * or unset, which name no stream), 0 when it is neither those nor a str, -1 on error. */
static int line_stream(const Scanner *self, PyObject *item, Str *stream, int *has_stream) {
    PyObject *v = PyObject_GetAttr(item, s_log_stream);
    if (v == NULL) {
        return -1;
    }
    int ok = 1;
    *has_stream = 0;
    if (PyUnicode_CheckExact(v)) {
        Py_ssize_t n;
        const char *utf8 = PyUnicode_AsUTF8AndSize(v, &n);
        if (utf8 == NULL) { /* a lone surrogate: the Python path reads it */
            PyErr_Clear();
            ok = 0;
        } else {
            stream->body = (const unsigned char *)utf8; /* lives as long as the item */
            stream->length = n;
            stream->escaped = 0;
            *has_stream = 1;
        }
    } else if (v != Py_None && v != self->unset) {
        ok = 0;
    }
    Py_DECREF(v);
    return ok;
}

/* A selected item's time: 1 with *t set, 0 for None, -2 for anything but an int of
 * [0, max_millis] (the readers' range, which the C grouper's arithmetic takes), -1 on error. */
static int item_time(const Scanner *self, PyObject *item, long long *t) {
    PyObject *stamp = PyObject_GetAttr(item, s_timestamp);
    if (stamp == NULL) {
        return -1;
    }
    int overflow = 0, r = stamp == Py_None ? 0 : -2;
    if (PyLong_CheckExact(stamp)) {
        *t = PyLong_AsLongLongAndOverflow(stamp, &overflow);
        r = overflow || *t < 0 || *t > self->max_millis ? -2 : 1; /* -1 is out of range: no error */
    }
    Py_DECREF(stamp);
    return r;
}

/* A selected ASCII message that starts a START, END or REPORT line, kept as a Line when its
 * stream is a name or none: 1 kept, 0 not, -1 on error. */
static int sift_line(Scanner *self, Lines **lines, PyObject *item, const unsigned char *text, Py_ssize_t n,
                     long long timestamp, Py_ssize_t before) {
    int kind = 0;
    for (int i = 0; i < 3 && !kind; i++) {
        size_t k = strlen(PREFIXES[i]);
        if (n >= (Py_ssize_t)k && memcmp(text, PREFIXES[i], k) == 0) {
            kind = FLAG_START << i;
        }
    }
    if (!kind) {
        return 0;
    }
    Str stream = {0};
    int has_stream;
    int r = line_stream(self, item, &stream, &has_stream);
    if (r <= 0) {
        return r;
    }
    return take_line(self, lines, kind, text, n, timestamp, &stream, has_stream, before);
}

/* The group an item belongs to (borrowed: `group`, or a new reference in *own), or NULL with
 * no error set when it is neither a str nor None. */
static PyObject *group_of(PyObject *item, PyObject *event_type, PyObject *group, PyObject **own) {
    *own = NULL;
    if (!PyObject_TypeCheck(item, (PyTypeObject *)event_type)) {
        return group;
    }
    *own = PyObject_GetAttr(item, s_log_group);
    if (*own == NULL) {
        return NULL;
    }
    if (*own != Py_None && !PyUnicode_CheckExact(*own)) {
        Py_CLEAR(*own);
        return NULL;
    }
    return *own;
}

/* 1 when two groups are the same group (both None, or equal strs), 0 when not, -1 on error. */
static int same_group(PyObject *a, PyObject *b) {
    if (a == b) {
        return 1;
    }
    if (a == Py_None || b == Py_None || !PyUnicode_CheckExact(a) || !PyUnicode_CheckExact(b)) {
        return 0;
    }
    return PyUnicode_Compare(a, b) == 0 ? 1 : PyErr_Occurred() ? -1 : 0;
}

/* Twice the room for flag bytes at self->flags: 1, or 0 with MemoryError set. */
static int grow_flags(Scanner *self) {
    Py_ssize_t size = self->flags_size ? self->flags_size * 2 : 4096;
    char *bigger = PyMem_Realloc(self->flags, (size_t)size);
    if (bigger == NULL) {
        PyErr_NoMemory();
        return 0;
    }
    self->flags = bigger;
    self->flags_size = size;
    return 1;
}

/* One item: its flags (0 when it holds no needle), -2 when the batch goes the Python way, -1
 * on error. Its text is its message's own storage when that is one byte per character, else
 * its UTF-8 (surrogates passed through, as `_selected` encodes), made into *utf8. */
static int item_flags(const Scanner *self, PyObject *message, PyObject **utf8, const unsigned char **text,
                      Py_ssize_t *n) {
    if (!PyUnicode_CheckExact(message)) {
        return -2;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(message) < 0) {
        return -1;
    }
#endif
    if (PyUnicode_KIND(message) == PyUnicode_1BYTE_KIND) {
        *text = PyUnicode_1BYTE_DATA(message);
        *n = PyUnicode_GET_LENGTH(message);
    } else {
        *utf8 = PyUnicode_AsEncodedString(message, "utf-8", "surrogatepass");
        if (*utf8 == NULL) {
            return -1;
        }
        *text = (const unsigned char *)PyBytes_AS_STRING(*utf8);
        *n = PyBytes_GET_SIZE(*utf8);
    }
    if (memchr(*text, 0, (size_t)*n) != NULL) {
        return -2;
    }
    return text_flags(self, *text, *n);
}

static PyObject *Scanner_sift(Scanner *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyType_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "sift(items, event_type, group)");
        return NULL;
    }
    if (self->delta == NULL) {
        PyErr_SetString(PyExc_ValueError, "not initialised");
        return NULL;
    }
    if (item_names() < 0) {
        return NULL;
    }
    if (self->busy) { /* a scan of this scanner runs: the Python path is as good */
        Py_RETURN_NONE;
    }
    PyObject *seq = PySequence_Fast(args[0], "sift(items: a sequence, ...)");
    if (seq == NULL) {
        return NULL;
    }
    self->busy = 1;
    PyObject *selected = PyList_New(0), *result = NULL, *group = NULL, *own = NULL;
    Lines *lines = NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq), flagged = 0;
    int declined = selected == NULL;
    for (Py_ssize_t i = 0; i < count && !declined; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        PyObject *its = group_of(item, args[1], args[2], &own);
        int same = its == NULL ? -1 : group == NULL ? 1 : same_group(group, its);
        if (same == 1 && group == NULL) {
            group = Py_NewRef(its);
        }
        Py_CLEAR(own);
        if (same != 1) {
            declined = 1;
            break;
        }
        PyObject *message = PyObject_GetAttr(item, s_message), *utf8 = NULL;
        const unsigned char *text = NULL;
        Py_ssize_t n = 0;
        int flags = message == NULL ? -1 : item_flags(self, message, &utf8, &text, &n);
        long long timestamp = 0;
        int when = flags > 0 ? item_time(self, item, &timestamp) : 0, taken = when < 0 ? when : 0;
        if (flags == FLAG_NEEDLE && when == 1 && PyUnicode_IS_ASCII(message)) {
            taken = sift_line(self, &lines, item, text, n, timestamp, PyList_GET_SIZE(selected));
        }
        Py_XDECREF(utf8);
        Py_XDECREF(message);
        if (flags < 0 || taken < 0) {
            declined = 1;
            break;
        }
        if (flags == 0 || taken) {
            continue;
        }
        if (PyList_Append(selected, item) < 0 || (flagged >= self->flags_size && !grow_flags(self))) {
            declined = 1;
            break;
        }
        self->flags[flagged++] = (char)flags;
    }
    if (!declined) {
        PyObject *flags = PyBytes_FromStringAndSize(self->flags, flagged);
        if (flags != NULL) {
            result = Py_BuildValue("(NNOO)", Py_NewRef(selected), flags, lines ? (PyObject *)lines : Py_None,
                                   group ? group : args[2]);
        }
    } else if (!PyErr_Occurred() || PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear(); /* not what the readers make: the Python path gives the verdict */
        result = Py_NewRef(Py_None);
    }
    self->busy = 0;
    Py_XDECREF(selected);
    Py_XDECREF(lines);
    Py_XDECREF(group);
    Py_DECREF(seq);
    return result;
}

/* ---- The duplicate check's keys of a batch (checker/ingest/read.py, `Deduplicator._all_new`).
 *
 * `keyed(items, unset)` returns, for a batch of events (LogEvents or the readers' structs),
 * ({stream: (lo, hi, keys, hi_keys, lo_keys)}, ids) as `_keyed` in read.py makes it: per log
 * stream (None for none) the earliest and latest time (-1 for none), the 64-bit keys of its
 * events in order as bytes (for `array("q")`: `hash((stream, timestamp, message))`, then
 * `hash((event_id, stream, timestamp))` for an event with an eventId), those of its events at
 * the latest time and those at the earliest; `ids`
 * the hashes of the eventIds, or None when no event has one. None when some events have an id
 * and some do not, or a time is no int of 64 bits: then the check goes event by event. */

typedef struct {
    long long lo, hi;
    long long *keys, *hi_keys, *lo_keys; /* as array("q") holds them, whatever Py_hash_t's size */
    Py_ssize_t n, size, hi_n, hi_size, lo_n, lo_size;
} KeyRun;

/* Append `key` to a growable array: 1, or 0 with MemoryError set. */
static int push_key(long long **v, Py_ssize_t *n, Py_ssize_t *size, long long key) {
    if (*n >= *size) {
        Py_ssize_t bigger = *size ? 2 * *size : 64;
        long long *grown = PyMem_Realloc(*v, sizeof(long long) * (size_t)bigger);
        if (grown == NULL) {
            PyErr_NoMemory();
            return 0;
        }
        *v = grown;
        *size = bigger;
    }
    (*v)[(*n)++] = key;
    return 1;
}

/* One event's keys into its stream's run, as `_Seen.add` takes them: 1, or 0 with an error. */
static int run_add(KeyRun *r, long long at, const long long *keys, int n) {
    if (at > r->hi) {
        r->hi = at;
        r->hi_n = 0;
    } else if (at < r->lo) {
        r->lo = at;
        r->lo_n = 0;
    }
    for (int i = 0; i < n; i++) {
        if (!push_key(&r->keys, &r->n, &r->size, keys[i]) ||
            (at == r->hi && !push_key(&r->hi_keys, &r->hi_n, &r->hi_size, keys[i])) ||
            (at == r->lo && !push_key(&r->lo_keys, &r->lo_n, &r->lo_size, keys[i]))) {
            return 0;
        }
    }
    return 1;
}

/* A run's keys as a list of ints (a new reference), or NULL with an error set. */
static PyObject *key_list(const long long *keys, Py_ssize_t n) {
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *k = PyLong_FromLongLong(keys[i]);
        if (k == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, k);
    }
    return out;
}

/* hash((a, b, c)), or -1 with an error set. */
static Py_hash_t hash3(PyObject *a, PyObject *b, PyObject *c) {
    PyObject *t = PyTuple_Pack(3, a, b, c);
    if (t == NULL) {
        return -1;
    }
    Py_hash_t h = PyObject_Hash(t);
    Py_DECREF(t);
    return h;
}

/* One event's stream, time and keys (1), 0 when the batch goes event by event, -1 on error. */
static int event_keys(PyObject *item, PyObject *unset, PyObject **stream, long long *at, long long keys[2],
                      int *has_id, Py_hash_t *own) {
    PyObject *stamp = NULL, *message = NULL, *id = NULL;
    int r = -1;
    *stream = PyObject_GetAttr(item, s_log_stream);
    if (*stream == NULL || (stamp = PyObject_GetAttr(item, s_timestamp)) == NULL ||
        (message = PyObject_GetAttr(item, s_message)) == NULL || (id = PyObject_GetAttr(item, s_event_id)) == NULL) {
        goto out;
    }
    if (*stream == unset) {
        Py_SETREF(*stream, Py_NewRef(Py_None));
    }
    int overflow = 0;
    *at = stamp == Py_None ? -1 : PyLong_CheckExact(stamp) ? PyLong_AsLongLongAndOverflow(stamp, &overflow) : 0;
    if ((stamp != Py_None && !PyLong_CheckExact(stamp)) || overflow || (*at == -1 && PyErr_Occurred())) {
        r = 0;
        goto out;
    }
    *has_id = id != Py_None && id != unset;
    Py_hash_t content = hash3(*stream, stamp, message), by_id = 0;
    if (content == -1 || (*has_id && ((*own = PyObject_Hash(id)) == -1 || (by_id = hash3(id, *stream, stamp)) == -1))) {
        goto out;
    }
    keys[0] = (long long)content;
    keys[1] = (long long)by_id;
    r = 1;
out:
    Py_XDECREF(stamp);
    Py_XDECREF(message);
    Py_XDECREF(id);
    if (r <= 0) {
        Py_CLEAR(*stream);
    }
    return r;
}

/* The result of `keyed` from its runs (a new reference), or NULL with an error set. */
static PyObject *keyed_result(PyObject *index, const KeyRun *runs, PyObject *ids) {
    PyObject *out = PyDict_New(), *stream, *at;
    Py_ssize_t pos = 0;
    while (out != NULL && PyDict_Next(index, &pos, &stream, &at)) {
        const KeyRun *r = &runs[PyLong_AsSsize_t(at)];
        PyObject *hi_keys = key_list(r->hi_keys, r->hi_n), *lo_keys = hi_keys ? key_list(r->lo_keys, r->lo_n) : NULL;
        if (lo_keys == NULL) {
            Py_XDECREF(hi_keys);
        }
        PyObject *entry = lo_keys == NULL ? NULL
                                          : Py_BuildValue("(LLy#NN)", r->lo, r->hi, (const char *)r->keys,
                                                          (Py_ssize_t)sizeof(long long) * r->n, hi_keys, lo_keys);
        if (entry == NULL || PyDict_SetItem(out, stream, entry) < 0) {
            Py_XDECREF(entry);
            Py_CLEAR(out);
            break;
        }
        Py_DECREF(entry);
    }
    if (out == NULL) {
        return NULL;
    }
    return Py_BuildValue("(NO)", out, ids);
}

static PyObject *keyed(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "keyed(items, unset)");
        return NULL;
    }
    if (item_names() < 0) {
        return NULL;
    }
    PyObject *seq = PySequence_Fast(args[0], "keyed(items: a sequence, unset)");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq), runs_n = 0;
    PyObject *index = PyDict_New(), *ids = PyList_New(0), *result = NULL;
    KeyRun *runs = PyMem_Calloc((size_t)(count ? count : 1), sizeof(KeyRun));
    int first_has = -1, done = 1;
    if (index == NULL || ids == NULL || runs == NULL) {
        done = -1;
        if (runs == NULL) {
            PyErr_NoMemory();
        }
    }
    for (Py_ssize_t i = 0; done == 1 && i < count; i++) {
        PyObject *stream;
        long long at;
        long long keys[2] = {0, 0};
        Py_hash_t own = 0;
        int has_id = 0;
        done = event_keys(PySequence_Fast_GET_ITEM(seq, i), args[1], &stream, &at, keys, &has_id, &own);
        if (done == 1 && first_has >= 0 && has_id != first_has) {
            done = 0; /* some with an eventId, some without */
        }
        first_has = has_id;
        if (done != 1) {
            break;
        }
        PyObject *at_index = PyDict_GetItemWithError(index, stream), *made = NULL;
        if (at_index == NULL && !PyErr_Occurred()) {
            runs[runs_n].lo = runs[runs_n].hi = at;
            made = PyLong_FromSsize_t(runs_n++);
            if (made == NULL || PyDict_SetItem(index, stream, made) < 0) {
                done = -1;
            }
            at_index = made;
        }
        PyObject *own_hash = has_id && done == 1 ? PyLong_FromSsize_t(own) : NULL;
        if (at_index == NULL || done != 1 || (has_id && (own_hash == NULL || PyList_Append(ids, own_hash) < 0)) ||
            !run_add(&runs[PyLong_AsSsize_t(at_index)], at, keys, has_id ? 2 : 1)) {
            done = -1;
        }
        Py_XDECREF(own_hash);
        Py_XDECREF(made);
        Py_DECREF(stream);
    }
    if (done == 1) {
        result = keyed_result(index, runs, first_has == 1 ? ids : Py_None);
    } else if (done == 0) {
        result = Py_NewRef(Py_None);
    }
    for (Py_ssize_t i = 0; runs != NULL && i < runs_n; i++) {
        PyMem_Free(runs[i].keys);
        PyMem_Free(runs[i].hi_keys);
        PyMem_Free(runs[i].lo_keys);
    }
    PyMem_Free(runs);
    Py_XDECREF(index);
    Py_XDECREF(ids);
    Py_DECREF(seq);
    return result;
}

static PyMethodDef module_methods[] = {
    {"find", (PyCFunction)(void (*)(void))find, METH_FASTCALL, "find(buffer, needle, start) -> int, as buffer.find"},
    {"platform", (PyCFunction)(void (*)(void))platform, METH_FASTCALL,
     "platform(grouper, items, flags, lines, keys, make_key, other, order_type, blank, book): a scanned batch, in order"},
    {"keyed", (PyCFunction)(void (*)(void))keyed, METH_FASTCALL,
     "keyed(items, unset) -> ({stream: (lo, hi, keys, hi_keys, lo_keys)}, ids or None) or None"},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef Scanner_methods[] = {
    {"scan", (PyCFunction)(void (*)(void))Scanner_scan, METH_FASTCALL,
     "scan(buffer, start, end) -> (events, selected, flags, lines or None) or None"},
    {"flags", (PyCFunction)Scanner_flags, METH_O, "flags(message_utf8) -> int"},
    {"sift", (PyCFunction)(void (*)(void))Scanner_sift, METH_FASTCALL,
     "sift(items, event_type, group) -> (selected, flags, lines or None, group) or None"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "checker._scan.Scanner",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A validating one-pass scanner of filter-log-events slices.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "checker._scan", "One-pass byte scan of filter-log-events slices.", -1, module_methods,
};

PyMODINIT_FUNC PyInit__scan(void) {
    if (PyType_Ready(&ScannerType) < 0 || PyType_Ready(&LinesType) < 0 || PyType_Ready(&BookType) < 0 ||
        intern_names() < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(m, "Scanner", (PyObject *)&ScannerType) < 0 ||
        PyModule_AddObjectRef(m, "Book", (PyObject *)&BookType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
