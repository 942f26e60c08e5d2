"""Drive headless Chromium (Debian package ``chromium``) over the DevTools protocol.

Just enough of the protocol for the web review test: open a page, read what the page's
terminal (xterm.js) shows, type into it, take a screenshot. The terminal object is
caught as the page creates it (a setter for ``terminal`` on Object.prototype, installed
before any page script runs), so the test reads the very cells the browser draws.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp

CATCH_TERMINAL = """
window.__claimtrackTerminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true,
                                             enumerable: true});
    if (value && value.buffer) window.__claimtrackTerminals.push(value);
  },
});
"""
READ_SCREEN = """
(() => {
  const term = window.__claimtrackTerminals[0];
  if (!term) return null;
  const buffer = term.buffer.active, lines = [];
  for (let row = 0; row < term.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""


class Browser:
    """One headless Chromium with one page."""

    def __init__(self, executable: str, profile: Path, size: tuple[int, int] = (1400, 900)) -> None:
        self.process = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--enable-unsafe-swiftshader", "--no-first-run", "--disable-extensions",
             f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.endpoint = self._devtools_endpoint()
        self.loop = asyncio.new_event_loop()
        self._ids = itertools.count(1)
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self.loop.run_until_complete(self._attach(size))

    def _devtools_endpoint(self) -> str:
        assert self.process.stderr is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            found = re.search(r"DevTools listening on ws://([^/]+)/", line)
            if found:
                return found.group(1)
            if not line and self.process.poll() is not None:
                break
        raise RuntimeError("chromium did not open its DevTools port")

    async def _attach(self, size: tuple[int, int]) -> None:
        self._session = aiohttp.ClientSession()
        async with self._session.get(f"http://{self.endpoint}/json/list") as response:
            targets = await response.json(content_type=None)
        page = next(t for t in targets if t["type"] == "page")
        self._socket = await self._session.ws_connect(page["webSocketDebuggerUrl"],
                                                      max_msg_size=0)  # fmt: skip
        await self._call("Page.enable")
        await self._call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await self._call("Emulation.setDeviceMetricsOverride", width=size[0], height=size[1],
                         deviceScaleFactor=1, mobile=False)  # fmt: skip

    async def _call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._socket is not None
        ident = next(self._ids)
        await self._socket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads((await self._socket.receive()).data)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.loop.run_until_complete(self._call(method, **params))

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def screen(self) -> str:
        """The text in the page's terminal, row by row ("" before it exists)."""
        return self.evaluate(READ_SCREEN) or ""

    def wait_for_screen(self, needle: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if needle in text:
                return text
            time.sleep(0.25)
        raise AssertionError(f"{needle!r} never appeared in the browser; screen was:\n{text}")

    def type(self, text: str) -> None:
        """Keystrokes into the terminal (xterm's hidden textarea has the focus)."""
        self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        self.call("Input.insertText", text=text)

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        async def shut() -> None:
            if self._socket is not None:
                await self._socket.close()
            if self._session is not None:
                await self._session.close()

        try:
            self.loop.run_until_complete(shut())
        finally:
            self.loop.close()
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
