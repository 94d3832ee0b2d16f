import socket


def go(host, args):
    socket.create_connection((host, 443), 3)
    socket.create_connection((host, 443), timeout=2.5)
    socket.create_connection(*args)
