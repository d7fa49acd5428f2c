"""A tiny web app for bench/cold-start.sh: answers 200 at once and reports its own boot time
(exec to listening, from T0 set in the Procfile) in the App-Boot-Ms header."""
import http.server
import os
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("App-Boot-Ms", BOOT_MS)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("", int(os.environ["PORT"])), Handler)
BOOT_MS = "%.1f" % ((time.time_ns() - int(os.environ.get("T0", time.time_ns()))) / 1e6)
print("listening after %s ms" % BOOT_MS, flush=True)
server.serve_forever()
