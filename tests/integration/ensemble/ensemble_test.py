"""zkserver ensembles of real processes driven by kazoo: writes through any member, reads and
sync everywhere, global sessions that survive a move to another server (ephemerals too), kill -9
of the leader under write load without losing an acknowledged write, a restarted follower
catching up, observers, ZooKeeper's admin output with and without a quorum.
Usage: ensemble_test.py ZKSERVER_BINARY"""
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import unittest

import kazoo.exceptions
from kazoo.client import KazooClient
from kazoo.retry import KazooRetry

import ensemble_fixture

BINARY = None

# kazoo has no class for ZRECONFIGDISABLED (-123) and its connection thread dies on an unknown
# code; registering one lets a test see the code ZooKeeper answers.
ReconfigDisabledError = kazoo.exceptions._zookeeper_exception(-123)(
    type("ReconfigDisabledError", (kazoo.exceptions.ZookeeperError,), {}))


def client(hosts, timeout=6.0, **kw):
    zk = KazooClient(hosts=hosts, timeout=timeout,
                     connection_retry=KazooRetry(max_tries=-1, delay=0.05, max_delay=0.2), **kw)
    zk.start(timeout=10)
    return zk


class EnsembleTest(unittest.TestCase):
    def setUp(self):
        # Small snapCount: snapshots and compaction happen in every test.
        self.ens = ensemble_fixture.Ensemble(BINARY, participants=3, observers=1,
                                             extra_cfg="snapCount=100")
        self.addCleanup(self.ens.cleanup)
        self.ens.start()
        self.ens.wait_serving()
        self.clients = []

    def tearDown(self):
        for zk in self.clients:
            zk.stop()
            zk.close()

    def open(self, members, **kw):
        zk = client(self.ens.connect_string(members), **kw)
        self.clients.append(zk)
        return zk

    def test_write_anywhere_read_everywhere_and_admin_output(self):
        leader = self.ens.leader()
        follower = self.ens.followers()[0]
        observer = self.ens.members[3]
        self.assertEqual(observer.mode(), "observer")
        writer = self.open([follower])
        writer.create("/via-follower", b"f")
        self.open([observer]).create("/via-observer", b"o")
        for m in self.ens.members:
            zk = self.open([m])
            zk.sync("/")
            self.assertEqual(zk.get("/via-follower")[0], b"f", m.address)
            self.assertEqual(zk.get("/via-observer")[0], b"o", m.address)
        srvr = leader.word("srvr")
        self.assertIn("Mode: leader\n", srvr)
        zxid = int(srvr.split("Zxid: ")[1].split()[0], 16)
        self.assertGreater(zxid >> 32, 0, "zxid carries the term in its high 32 bits")
        mntr = leader.mntr()
        self.assertEqual(mntr["zk_server_state"], "leader")
        self.assertEqual(mntr["zk_peer_state"], "leading - broadcast")
        self.assertEqual(mntr["zk_quorum_size"], "3")
        self.assertEqual(mntr["zk_pending_syncs"], "0")
        ensemble_fixture.wait_until(
            lambda: leader.mntr()["zk_synced_followers"] == "2" and
            leader.mntr()["zk_synced_observers"] == "1", 10, "synced followers and observer")
        self.assertEqual(leader.mntr()["zk_learners"], "3")
        # /zookeeper/config: every member publishes the same text, and `conf` prints it.
        lines = "".join("server.%d=%s:%d:%d:%s\n" % (
            m.sid, m.host, m.quorum_port, m.election_port,
            "observer" if m.observer else "participant") for m in self.ens.members)
        dynamic = {}
        for m in self.ens.members:
            data, stat = self.open([m]).get("/zookeeper/config")
            dynamic[m.address] = (data.decode(), stat.version)
        text, _ = dynamic[leader.address]
        self.assertTrue(text.startswith(lines), text)
        self.assertRegex(text[len(lines):], r"^version=[0-9a-f]{8}$")
        self.assertEqual(set(dynamic.values()), {(text, 1)}, dynamic)
        conf = observer.word("conf")
        self.assertIn("peerType=1\nmembership: \n" + text + "\n", conf)
        self.assertTrue(conf.endswith(text + "\n"), conf)
        # reconfigEnabled is false (ZooKeeper's default): ZRECONFIGDISABLED; the session
        # stays usable.
        with self.assertRaises(ReconfigDisabledError):
            writer.reconfig(joining=None, leaving="3", new_members=None)
        self.assertEqual(writer.get("/via-follower")[0], b"f")
        fm = follower.mntr()
        self.assertEqual(fm["zk_server_state"], "follower")
        self.assertNotIn("zk_synced_followers", fm)

    def test_session_moves_to_another_server_with_its_ephemerals(self):
        first, second = self.ens.followers()[:2]
        a = client(first.address)
        a.create("/eph", b"mine", ephemeral=True)
        session = a.client_id
        self.ens.kill(first)  # the client loses its server, the session lives on
        b = self.open([second], client_id=session)
        self.assertEqual(b.client_id[0], session[0])
        owner = b.exists("/eph").ephemeralOwner
        self.assertEqual(owner, session[0])
        b.create("/eph2", b"", ephemeral=True)
        a.stop()
        a.close()
        # Touches from the second server keep the session alive past its timeout (4 s).
        watcher = self.open([self.ens.leader()])
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            self.assertIsNotNone(watcher.exists("/eph"), "session expired while connected")
            time.sleep(0.2)
        b.stop()  # closes the session: its ephemerals go everywhere
        watcher.sync("/")
        self.assertIsNone(watcher.exists("/eph"))
        self.assertIsNone(watcher.exists("/eph2"))

    def test_leader_expires_a_vanished_clients_session(self):
        follower = self.ens.followers()[0]
        # A client process that dies without closing its session.
        script = ("import sys, time\nfrom kazoo.client import KazooClient\n"
                  "zk = KazooClient(hosts=sys.argv[1], timeout=2.0); zk.start(timeout=10)\n"
                  "zk.create('/vanished', b'', ephemeral=True)\nprint('ready', flush=True)\n"
                  "time.sleep(60)\n")
        proc = subprocess.Popen([sys.executable, "-c", script, follower.address],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            self.assertEqual(proc.stdout.readline().strip(), b"ready")
        finally:
            proc.kill()
            proc.wait()
        watcher = self.open([self.ens.leader()])
        self.assertIsNotNone(watcher.exists("/vanished"))
        ensemble_fixture.wait_until(lambda: watcher.exists("/vanished") is None, 15,
                                    "the leader expiring the session")
        reader = self.open([follower])
        reader.sync("/")
        self.assertIsNone(reader.exists("/vanished"))

    def test_kill_9_leader_under_writes_keeps_every_acknowledged_write(self):
        acked = []
        lock = threading.Lock()
        stop = threading.Event()
        zks = [self.open(self.ens.members[i:] + self.ens.members[:i]) for i in range(3)]

        def writer(n, zk):
            i = 0
            while not stop.is_set():
                path = "/w%d-%d" % (n, i)
                try:
                    zk.create(path, b"v")
                except Exception:
                    continue  # connection loss: outcome unknown, try the next one
                with lock:
                    acked.append(path)
                i += 1

        threads = [threading.Thread(target=writer, args=(n, zk)) for n, zk in enumerate(zks)]
        for t in threads:
            t.start()
        ensemble_fixture.wait_until(lambda: len(acked) >= 300, 30, "300 acknowledged writes")
        old = self.ens.leader()
        self.ens.kill(old)
        killed_at = time.monotonic()
        before = len(acked)
        ensemble_fixture.wait_until(lambda: len(acked) > before + 20, 20, "writes after failover")
        print("writes resumed %.0f ms after kill -9 of the leader" %
              ((time.monotonic() - killed_at) * 1000), file=sys.stderr)
        # The old leader comes back as a follower and catches up while writes go on.
        self.ens.start(old)
        ensemble_fixture.wait_until(lambda: old.mode() == "follower", 20, "old leader following")
        stop.set()
        for t in threads:
            t.join()
        for m in self.ens.members:
            zk = self.open([m])
            zk.sync("/")
            present = set(zk.get_children("/"))
            missing = [p for p in acked if p[1:] not in present]
            self.assertEqual(missing, [], "acknowledged writes missing on " + m.address)

    def test_lagging_follower_receives_a_snapshot(self):
        lagging = self.ens.followers()[0]
        self.ens.kill(lagging)
        zk = self.open([self.ens.leader()])
        for i in range(250):  # beyond snapCount: the leader compacts its log
            zk.create_async("/s%d" % i, b"x")
        zk.sync("/")
        self.ens.start(lagging)
        ensemble_fixture.wait_until(lambda: lagging.mode() == "follower", 20, "follower back")
        reader = self.open([lagging])
        reader.sync("/")
        self.assertEqual(len([c for c in reader.get_children("/") if c.startswith("s")]), 250)
        self.assertIn("installed the leader's snapshot", lagging.log())

    def test_snapshot_install_keeps_the_followers_clients_sessions_and_watches(self):
        follower = self.ens.followers()[0]
        writer = self.open([self.ens.leader()])
        writer.create("/watched", b"v0")
        session_timeout = 4.0  # maxSessionTimeout: 20 ticks
        watcher = self.open([follower], timeout=session_timeout)
        watcher.sync("/watched")
        fired = threading.Event()
        watcher.get("/watched", watch=lambda event: fired.set())
        watcher.create("/held", ephemeral=True)
        # Stopped for well under the session timeout, while the leader moves its log past
        # snapCount several times; one write at a time, the leader's window of unanswered
        # appends to the follower fills up, so the follower can only catch up from the
        # leader's snapshot.
        follower.proc.send_signal(signal.SIGSTOP)
        try:
            for i in range(400):
                writer.create("/g%d" % i, b"x")
            writer.set("/watched", b"v1")
            writer.sync("/")
        finally:
            follower.proc.send_signal(signal.SIGCONT)
        ensemble_fixture.wait_until(lambda: "installed the leader's snapshot" in follower.log(),
                                    20, "the snapshot installed")
        # The change came inside the snapshot, yet the watch fires (the client re-registered it
        # on the new state) ...
        ensemble_fixture.wait_until(fired.is_set, 10, "the watch firing")
        # ... and the session stays alive past its timeout: the follower still vouches for it.
        end = time.monotonic() + 2 * session_timeout
        while time.monotonic() < end and writer.exists("/held"):
            time.sleep(0.1)
        self.assertIsNotNone(writer.exists("/held"), "the client's session expired")
        watcher.create("/after-install")
        self.assertIsNotNone(writer.sync("/after-install") and writer.exists("/after-install"))

    def test_damaged_log_stops_the_start_naming_the_file(self):
        zk = self.open([self.ens.leader()])
        for i in range(60):
            zk.create_async("/d%d" % i, b"x" * 100)
        zk.sync("/")
        victim = self.ens.followers()[0]
        self.assertEqual(self.ens.kill(victim, signal.SIGTERM), 0, "clean stop on SIGTERM")
        log_dir = os.path.join(victim.data, "raft-log")
        segment = os.path.join(log_dir, sorted(os.listdir(log_dir))[0])
        with open(segment, "r+b") as f:
            f.seek(os.path.getsize(segment) // 2)
            byte = f.read(1)
            f.seek(-1, os.SEEK_CUR)
            f.write(bytes([byte[0] ^ 0xff]))
        self.ens.start(victim)
        self.assertNotEqual(victim.proc.wait(timeout=20), 0)
        victim.proc = None
        self.assertIn(segment, victim.log())

    def test_a_stranger_is_refused_at_the_hello(self):
        member = self.ens.members[0]
        # A hello (frame type 1) from server 2 of another cluster, on the quorum port.
        body = b"ZKSPEER1" + struct.pack("<QB", 2, 1) + b"zk-deadbeef"
        with socket.create_connection((member.host, member.quorum_port), timeout=5) as s:
            s.sendall(struct.pack("<IB", len(body) + 1, 1) + body)
            self.assertEqual(s.recv(16), b"", "the member closes the connection")
        self.assertIn("of cluster zk-deadbeef", member.log())
        self.assertIsNotNone(self.ens.leader())  # the ensemble is undisturbed

    def test_leadership_transfer(self):
        old = self.ens.leader()
        target = self.ens.followers()[0]
        zk = self.open(self.ens.members)
        zk.create("/before", b"")
        status, body = target.admin("transfer_leadership")
        self.assertEqual(status, 409)
        self.assertEqual(body["leader"], old.sid)
        status, body = old.admin("transfer_leadership?target=%d" % target.sid)
        self.assertEqual(status, 200, body)
        self.assertEqual((body["old_leader"], body["new_leader"]), (old.sid, target.sid))
        self.assertIsNone(body["error"])
        print("leadership transfer took %d ms" % body["elapsed_ms"], file=sys.stderr)
        self.assertEqual(target.mode(), "leader")
        zk.create("/after", b"")
        # No target: the most caught-up voter takes over.
        status, body = target.admin("transfer_leadership")
        self.assertEqual(status, 200, body)
        self.assertNotIn(body["new_leader"], (target.sid, 4))
        self.assertEqual(target.admin("leader")[1]["leader"], body["new_leader"])

    def test_no_quorum_answers_like_zookeeper_and_recovers(self):
        leader = self.ens.leader()
        survivor = self.ens.followers()[0]
        stranded = self.open([survivor])
        for m in self.ens.members[:3]:
            if m is not survivor:
                self.ens.kill(m)
        ensemble_fixture.wait_until(lambda: survivor.mode() is None, 20, "survivor looking")
        # Its clients are dropped so that they look for a member that serves.
        ensemble_fixture.wait_until(lambda: stranded.state != "CONNECTED", 10,
                                    "the client dropped")
        not_serving = "This ZooKeeper instance is not currently serving requests\n"
        for w in ("srvr", "stat", "mntr", "conf"):
            self.assertEqual(survivor.word(w), not_serving)
        self.assertEqual(survivor.word("ruok"), "imok")
        self.assertEqual(survivor.word("isro"), "null")
        self.ens.start(leader)
        self.ens.wait_serving([survivor, leader])
        zk = self.open([survivor])
        zk.create("/back", b"")


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
