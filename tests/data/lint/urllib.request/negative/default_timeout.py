import socket
import urllib.request

socket.setdefaulttimeout(3)  # bounds every socket without its own timeout


def go(url):
    return urllib.request.urlopen(url)
