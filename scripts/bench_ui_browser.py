"""Times the first map view of a page in headless Chromium.

    python3 scripts/bench_ui_browser.py SIGN_IN_LINK PAGE_URL RUNS

Starts chromedriver (Debian's `chromium-driver`), signs in with the
one-time link, then loads PAGE_URL RUNS times in the same browser and
prints, a line each, the milliseconds from the start of the navigation
to the map's first draw (the `data-first-draw-ms` the map script sets)
and the hexagons drawn. Standard library only: WebDriver is JSON over
HTTP.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["chromedriver", f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,860",
                ],
            },
        }
        reply = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = reply["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as reply:
            return json.load(reply)

    def run(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def goto(self, url):
        self.run("POST", "/url", {"url": url})

    def script(self, source):
        reply = self.run("POST", "/execute/sync", {"script": source, "args": []})
        return reply["value"]

    def close(self):
        try:
            self.run("DELETE", "")
        finally:
            self.proc.kill()


FIRST_DRAW = """
const map = document.querySelector('.map');
const canvas = document.querySelector('.map-canvas');
if (!map || !map.dataset.firstDrawMs) return null;
return [Number(map.dataset.firstDrawMs),
        Number(canvas.getAttribute('data-hexagons'))];
"""


def main():
    link, page, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    driver = Driver()
    try:
        driver.goto(link)
        for _ in range(runs):
            driver.goto(page)
            deadline = time.time() + 60
            found = None
            while found is None and time.time() < deadline:
                found = driver.script(FIRST_DRAW)
                if found is None:
                    time.sleep(0.05)
            if found is None:
                sys.exit("the map was not drawn within 60 s")
            print(f"{found[0]:.0f} {found[1]}")
    finally:
        driver.close()


if __name__ == "__main__":
    main()
