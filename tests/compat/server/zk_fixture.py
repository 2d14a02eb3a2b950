"""Starts and stops zkserver or Apache ZooKeeper 3.8 on a free loopback port for tests.

Processes are stopped by PID and reaped; temporary directories are removed.
"""
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ZK_CLASSPATH = ":".join([
    "/usr/share/java/zookeeper.jar", "/usr/share/java/slf4j-api.jar",
    "/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar",
])


def free_port(host):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def pick_host():
    return "127.0.%d.%d" % (random.randint(2, 9), random.randint(1, 254))


def four_letter_word(host, port, word, timeout=2.0):
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(word.encode())
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out.decode()
            out += chunk


def wait_until(predicate, deadline_s, what):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise TimeoutError("timed out waiting for " + what)


class Server:
    """A server process: kind is "zkserver" (binary path given) or "apache"."""

    def __init__(self, kind, binary=None, extra_cfg="", tick_time=2000, host=None):
        self.kind = kind
        self.binary = binary
        self.host = host or pick_host()
        self.port = free_port(self.host)
        self.dir = tempfile.mkdtemp(prefix="zks-test-")
        self.data = os.path.join(self.dir, "data")
        os.makedirs(self.data)
        self.cfg = os.path.join(self.dir, "zoo.cfg")
        with open(self.cfg, "w") as f:
            f.write("tickTime=%d\ninitLimit=10\nsyncLimit=5\ndataDir=%s\nclientPort=%d\n"
                    "clientPortAddress=%s\n4lw.commands.whitelist=*\n"
                    "admin.enableServer=false\n%s" %
                    (tick_time, self.data, self.port, self.host, extra_cfg))
        self.proc = None

    @property
    def address(self):
        return "%s:%d" % (self.host, self.port)

    def start(self, deadline_s=60):
        log = open(os.path.join(self.dir, "server.log"), "ab")
        if self.kind == "zkserver":
            cmd = [self.binary, self.cfg]
        else:
            with open(os.path.join(self.dir, "log4j.properties"), "w") as f:
                f.write("log4j.rootLogger=WARN, F\nlog4j.appender.F=org.apache.log4j.FileAppender\n"
                        "log4j.appender.F.File=%s/zookeeper.log\n"
                        "log4j.appender.F.layout=org.apache.log4j.PatternLayout\n" % self.dir)
            cmd = ["java", "-Xms64m", "-Dzookeeper.log.dir=" + self.dir,
                   "-Dlog4j.configuration=file:" + self.dir + "/log4j.properties",
                   "-cp", ZK_CLASSPATH, "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                   self.cfg]
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=log)
        log.close()

        def serving():
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s; log: %s" %
                                   (self.kind, self.proc.returncode, self.log()))
            try:
                return four_letter_word(self.host, self.port, "srvr").startswith("Zookeeper")
            except OSError:
                return False
        wait_until(serving, deadline_s, self.kind + " to serve")

    def log(self):
        try:
            with open(os.path.join(self.dir, "server.log"), errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode if self.proc else None
        self.proc = None
        return rc

    def cleanup(self):
        self.stop(signal.SIGKILL)
        shutil.rmtree(self.dir, ignore_errors=True)
