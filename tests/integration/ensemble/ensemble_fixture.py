"""A local zkserver ensemble for tests: N members on one loopback address each (from the
127.0.11.0/24 - 127.0.19.0/24 blocks), zoo.cfg in ZooKeeper's ensemble syntax, started,
killed and restarted by PID. Temporary directories are removed by cleanup()."""
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "compat", "server"))
import zk_fixture  # noqa: E402  (four_letter_word, wait_until)

four_letter_word = zk_fixture.four_letter_word
wait_until = zk_fixture.wait_until


def free_port(host):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Member:
    def __init__(self, ensemble, sid, host, observer):
        self.sid = sid
        self.host = host
        self.observer = observer
        self.client_port = free_port(host)
        self.quorum_port = free_port(host)
        self.election_port = free_port(host)
        self.admin_port = free_port(host)
        self.dir = os.path.join(ensemble.dir, "s%d" % sid)
        self.data = os.path.join(self.dir, "data")
        os.makedirs(self.data)
        with open(os.path.join(self.data, "myid"), "w") as f:
            f.write("%d\n" % sid)
        self.cfg = os.path.join(self.dir, "zoo.cfg")
        self.proc = None

    @property
    def address(self):
        return "%s:%d" % (self.host, self.client_port)

    def server_line(self):
        return "server.%d=%s:%d:%d%s" % (self.sid, self.host, self.quorum_port,
                                         self.election_port,
                                         ":observer" if self.observer else "")

    def admin(self, command):
        """GET /commands/<command> on the admin server: (HTTP status, decoded JSON)."""
        conn = http.client.HTTPConnection(self.host, self.admin_port, timeout=10)
        try:
            conn.request("GET", "/commands/" + command)
            r = conn.getresponse()
            return r.status, json.loads(r.read())
        finally:
            conn.close()

    def word(self, w):
        return four_letter_word(self.host, self.client_port, w)

    def mode(self):
        try:
            for line in self.word("srvr").splitlines():
                if line.startswith("Mode: "):
                    return line[6:]
        except OSError:
            pass
        return None

    def mntr(self):
        out = {}
        for line in self.word("mntr").splitlines():
            if "\t" in line:
                k, v = line.split("\t", 1)
                out[k] = v
        return out

    def log(self):
        with open(os.path.join(self.dir, "server.log"), errors="replace") as f:
            return f.read()


class Ensemble:
    def __init__(self, binary, participants=3, observers=0, tick_time=200, extra_cfg="",
                 hosts=None):
        """`hosts`: one loopback address per member, instead of a random block's."""
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="zks-ensemble-")
        self.tick_time = tick_time
        self.extra_cfg = extra_cfg
        if hosts is None and os.environ.get("ZKS_ENSEMBLE_HOSTS"):
            # Comma-separated addresses, one per member (to share the machine safely).
            hosts = os.environ["ZKS_ENSEMBLE_HOSTS"].split(",")
        if hosts is None:
            # ZKS_ENSEMBLE_BLOCK pins the loopback block (e.g. to share the machine safely).
            block = int(os.environ.get("ZKS_ENSEMBLE_BLOCK", "0")) or random.randint(11, 19)
            base = random.randint(1, 250 - participants - observers)
            hosts = ["127.0.%d.%d" % (block, base + i) for i in range(participants + observers)]
        self.members = [Member(self, i + 1, hosts[i], i >= participants)
                        for i in range(participants + observers)]
        for m in self.members:
            self.write_config(m, self.members)

    def write_config(self, member, listed):
        """Writes member's zoo.cfg with a server line for each of `listed`."""
        lines = "\n".join(m.server_line() for m in listed)
        with open(member.cfg, "w") as f:
            f.write("tickTime=%d\ninitLimit=10\nsyncLimit=5\ndataDir=%s\nclientPort=%d\n"
                    "clientPortAddress=%s\n4lw.commands.whitelist=*\n"
                    "admin.serverAddress=%s\nadmin.serverPort=%d\n%s\n%s\n" %
                    (self.tick_time, member.data, member.client_port, member.host, member.host,
                     member.admin_port, self.extra_cfg, lines))

    def connect_string(self, members=None):
        return ",".join(m.address for m in (members or self.members))

    def start(self, member=None):
        for m in ([member] if member else self.members):
            log = open(os.path.join(m.dir, "server.log"), "ab")
            m.proc = subprocess.Popen([self.binary, m.cfg], stdout=log, stderr=subprocess.STDOUT)
            log.close()

    def wait_serving(self, members=None, deadline_s=20):
        members = members or [m for m in self.members if m.proc]
        wait_until(lambda: all(m.mode() in ("leader", "follower", "observer") for m in members),
                   deadline_s, "every member serving")
        wait_until(lambda: sum(m.mode() == "leader" for m in members) == 1, deadline_s,
                   "one leader")

    def leader(self):
        for m in self.members:
            if m.proc and m.mode() == "leader":
                return m
        return None

    def followers(self):
        return [m for m in self.members if m.proc and m.mode() == "follower"]

    def kill(self, member, sig=signal.SIGKILL):
        """Signals a member and reaps it; returns its exit status."""
        member.proc.send_signal(sig)
        status = member.proc.wait(timeout=10)
        member.proc = None
        return status

    def cleanup(self):
        for m in self.members:
            if m.proc:
                m.proc.kill()
                m.proc.wait()
                m.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)
