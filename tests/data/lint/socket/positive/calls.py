import socket
from socket import create_connection as connect


def go(host):
    socket.create_connection((host, 443))  # expect: CF101
    connect((host, 5432), None)  # expect: CF102
    return socket.create_connection((host, 6379), timeout=10)  # expect: CF103
