#!/usr/bin/env python3
"""TCP proxy for sync_faults.sh: listen on 127.0.0.1:LISTEN, forward to
127.0.0.1:TARGET. The mode is read from CONF at each new connection:
  pass       forward everything
  cut N      close both sides after N bytes from the server
  stall N    after N bytes from the server, forward nothing more but keep
             the connection open (a peer that stops answering)
  move FILE  on the first push (git-receive-pack) run `sh FILE` before
             forwarding it: another PC moves the hub at that moment
"""
import os, socket, subprocess, sys, threading, time

listen, target, conf = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

def mode():
    try:
        parts = open(conf).read().split()
    except OSError:
        return ("pass", 0)
    return (parts[0], int(parts[1]) if len(parts) > 1 else 0)

def mode_arg():
    try:
        return open(conf).read().split()[1]
    except (OSError, IndexError):
        return ""

moved = {"done": False}

def handle(client):
    m, limit = ("pass", 0)
    try:
        m, limit = mode()
    except ValueError:
        m = open(conf).read().split()[0]
    first = b""
    if m == "move":
        first = client.recv(65536)
        if b"git-receive-pack" in first and not moved["done"]:
            moved["done"] = True
            subprocess.run(["sh", mode_arg()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server = socket.create_connection(("127.0.0.1", target))
        if first:
            server.sendall(first)
    except OSError:
        client.close()
        return
    state = {"sent": 0, "done": False}

    def up():  # client -> server
        try:
            while not state["done"]:
                data = client.recv(65536)
                if not data:
                    break
                server.sendall(data)
        except OSError:
            pass

    threading.Thread(target=up, daemon=True).start()
    try:
        while True:
            data = server.recv(65536)
            if not data:
                break
            if m in ("cut", "stall") and state["sent"] + len(data) > limit:
                data = data[: max(0, limit - state["sent"])]
                if data:
                    client.sendall(data)
                state["sent"] = limit
                if m == "stall":
                    time.sleep(3600)
                break
            client.sendall(data)
            state["sent"] += len(data)
    except OSError:
        pass
    state["done"] = True
    for s in (client, server):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", listen))
srv.listen(16)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
