"""A small web service for interactive job tests: echo, streamed bytes, slow answers and a WebSocket echo.

It listens on $PILOT_SERVICE_SOCKET (or 127.0.0.1:$PILOT_SERVICE_PORT) and answers only requests carrying the
secret in $PILOT_SERVICE_TOKEN_FILE as "Authorization: token SECRET", as Jupyter does.
"""
import base64
import hashlib
import json
import os
import socket
import socketserver
import struct
import time
from http.server import BaseHTTPRequestHandler

SECRET = open(os.environ["PILOT_SERVICE_TOKEN_FILE"]).read().strip()
PREFIX = os.environ.get("PILOT_PROXY_PREFIX", "/")
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def address_string(self):
        return "tunnel"

    def route(self):
        path = self.path.split("?", 1)[0]
        query = dict(p.split("=", 1) for p in self.path.split("?", 1)[1].split("&")) if "?" in self.path else {}
        return path.rsplit("/", 1)[-1], query

    def reply(self, status, body, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def authorized(self):
        if self.headers.get("Authorization") != "token " + SECRET:
            self.reply(403, b'{"error": "no service token"}')
            return False
        return True

    def do_GET(self):
        if not self.authorized():
            return
        name, query = self.route()
        if name == "ws":
            return self.websocket()
        if name == "bytes":
            return self.stream(int(query.get("n", "0")))
        if name == "slow":
            time.sleep(float(query.get("s", "1")))
        self.echo(b"")

    def do_POST(self):
        if not self.authorized():
            return
        self.echo(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

    def echo(self, body):
        seen = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body.decode()}
        self.reply(200, json.dumps(seen).encode())

    def stream(self, n):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        chunk = b"x" * 65536
        while n > 0:
            self.wfile.write(chunk[: min(n, len(chunk))])
            n -= min(n, len(chunk))

    def websocket(self):
        accept = base64.b64encode(hashlib.sha1((self.headers["Sec-WebSocket-Key"] + WS_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                return
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", self.rfile.read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self.rfile.read(8))[0]
            mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            if opcode == 8:
                self.wfile.write(b"\x88\x00")
                return
            if opcode in (1, 2):
                reply = b"echo: " + payload
                self.wfile.write(bytes([0x80 | opcode, len(reply)]) + reply if len(reply) < 126 else bytes([0x80 | opcode, 126]) + struct.pack(">H", len(reply)) + reply)
                self.wfile.flush()


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


if os.environ.get("PILOT_SERVICE_SOCKET"):
    server = UnixServer(os.environ["PILOT_SERVICE_SOCKET"], Handler)
else:
    server = TcpServer(("127.0.0.1", int(os.environ["PILOT_SERVICE_PORT"])), Handler)
print("serving", flush=True)
server.serve_forever()
