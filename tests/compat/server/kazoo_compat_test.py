"""kazoo (python3-kazoo 2.8) against zkserver: every operation kazoo offers, watches,
ephemerals, session expiry and resumption, multi, sequential nodes, ACLs, four-letter words,
plus the 3.6+ operations kazoo lacks (addWatch, getEphemerals, getAllChildrenNumber) through a
minimal raw-protocol client. Usage: kazoo_compat_test.py ZKSERVER_BINARY"""
import os
import queue
import signal
import socket
import struct
import subprocess
import sys
import threading
import unittest

from kazoo.client import KazooClient
from kazoo.exceptions import (BadVersionError, NoAuthError, NodeExistsError, NoNodeError,
                              NotEmptyError, NoChildrenForEphemeralsError, RolledBackError,
                              InvalidACLError)
from kazoo.protocol.states import EventType
from kazoo.security import make_digest_acl, OPEN_ACL_UNSAFE, make_acl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zk_fixture  # noqa: E402

BINARY = None
DEADLINE = 10


class RawClient:
    """Just enough of the protocol to call operations kazoo 2.8 does not have."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=DEADLINE)
        body = struct.pack(">iqiqi16sB", 0, 0, 10000, 0, 16, b"\0" * 16, 0)
        self._send(body)
        self._recv()
        self.xid = 0
        self.events = []

    def _send(self, body):
        self.sock.sendall(struct.pack(">i", len(body)) + body)

    def _recv(self):
        def exact(n):
            buf = b""
            while len(buf) < n:
                chunk = self.sock.recv(n - len(buf))
                if not chunk:
                    raise ConnectionError("closed")
                buf += chunk
            return buf
        (n,) = struct.unpack(">i", exact(4))
        return exact(n)

    @staticmethod
    def string(s):
        b = s.encode()
        return struct.pack(">i", len(b)) + b

    def call(self, op, body):
        self.xid += 1
        self._send(struct.pack(">ii", self.xid, op) + body)
        while True:
            reply = self._recv()
            xid, _zxid, err = struct.unpack(">iqi", reply[:16])
            if xid == -1:
                etype, _state, n = struct.unpack(">iii", reply[16:28])
                self.events.append((etype, reply[28:28 + n].decode()))
                continue
            return err, reply[16:]

    def next_event(self):
        while not self.events:
            reply = self._recv()
            xid = struct.unpack(">i", reply[:4])[0]
            if xid == -1:
                etype, _state, n = struct.unpack(">iii", reply[16:28])
                self.events.append((etype, reply[28:28 + n].decode()))
        return self.events.pop(0)

    @staticmethod
    def strings(body):
        (count,) = struct.unpack(">i", body[:4])
        out, off = [], 4
        for _ in range(count):
            (n,) = struct.unpack(">i", body[off:off + 4])
            out.append(body[off + 4:off + 4 + n].decode())
            off += 4 + n
        return out

    def close(self):
        self.sock.close()


class KazooCompat(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = zk_fixture.Server("zkserver", BINARY, tick_time=500)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.server.cleanup()
        assert rc == 0, "zkserver did not exit cleanly on SIGTERM: %s" % rc

    def client(self, **kw):
        zk = KazooClient(hosts=self.server.address, **kw)
        zk.start(timeout=DEADLINE)
        self.addCleanup(zk.close)
        self.addCleanup(zk.stop)
        return zk

    def setUp(self):
        self.zk = self.client()
        self.base = "/" + self.id().split(".")[-1]
        self.zk.create(self.base)

    def test_server_version_from_envi(self):
        self.assertEqual(self.zk.server_version(), (3, 8, 0))

    def test_create_get_set_delete_and_stat(self):
        p = self.base + "/n"
        self.assertEqual(self.zk.create(p, b"v1"), p)
        data, st = self.zk.get(p)
        self.assertEqual(data, b"v1")
        self.assertEqual((st.version, st.cversion, st.aversion, st.dataLength, st.numChildren),
                         (0, 0, 0, 2, 0))
        self.assertEqual(st.czxid, st.mzxid)
        self.assertEqual(st.czxid, st.pzxid)
        self.assertEqual(st.ephemeralOwner, 0)
        st2 = self.zk.set(p, b"v22")
        self.assertEqual(st2.version, 1)
        self.assertGreater(st2.mzxid, st.mzxid)
        self.assertEqual(st2.czxid, st.czxid)
        self.assertEqual(st2.dataLength, 3)
        self.assertRaises(BadVersionError, self.zk.set, p, b"x", version=0)
        self.assertRaises(NodeExistsError, self.zk.create, p)
        self.assertRaises(NoNodeError, self.zk.create, self.base + "/missing/child")
        self.assertRaises(NoNodeError, self.zk.get, self.base + "/none")
        self.assertRaises(NoNodeError, self.zk.set, self.base + "/none", b"")
        self.assertRaises(NoNodeError, self.zk.delete, self.base + "/none")
        self.assertIsNone(self.zk.exists(self.base + "/none"))
        self.zk.create(p + "/c")
        self.assertRaises(NotEmptyError, self.zk.delete, p)
        parent = self.zk.exists(p)
        self.assertEqual((parent.numChildren, parent.cversion), (1, 1))
        self.assertEqual(parent.pzxid, self.zk.exists(p + "/c").czxid)
        self.zk.delete(p + "/c")
        self.assertRaises(BadVersionError, self.zk.delete, p, version=5)
        self.zk.delete(p, version=1)
        self.assertIsNone(self.zk.exists(p))

    def test_create_with_stat_uses_create2(self):
        path, st = self.zk.create(self.base + "/s", b"abc", include_data=True)
        self.assertEqual(path, self.base + "/s")
        self.assertEqual(st.dataLength, 3)

    def test_children_and_recursive_helpers(self):
        self.zk.ensure_path(self.base + "/a/b/c")
        self.assertEqual(self.zk.get_children(self.base), ["a"])
        children, st = self.zk.get_children(self.base + "/a", include_data=True)
        self.assertEqual((children, st.numChildren), (["b"], 1))
        self.zk.delete(self.base + "/a", recursive=True)
        self.assertEqual(self.zk.get_children(self.base), [])

    def test_sequential_and_ephemeral_sequential(self):
        a = self.zk.create(self.base + "/seq-", sequence=True)
        b = self.zk.create(self.base + "/seq-", sequence=True)
        c = self.zk.create(self.base + "/eseq-", ephemeral=True, sequence=True)
        self.assertEqual([a, b, c], [self.base + "/seq-0000000000", self.base + "/seq-0000000001",
                                     self.base + "/eseq-0000000002"])
        self.zk.delete(a)
        d = self.zk.create(self.base + "/seq-", sequence=True)
        self.assertEqual(d, self.base + "/seq-0000000004")

    def test_ephemerals_go_with_session_close(self):
        other = self.client()
        p = self.base + "/eph"
        other.create(p, b"", ephemeral=True)
        st = self.zk.exists(p)
        self.assertEqual(st.ephemeralOwner, other.client_id[0])
        self.assertRaises(NoChildrenForEphemeralsError, self.zk.create, p + "/child")
        gone = threading.Event()
        self.zk.exists(p, watch=lambda e: gone.set() if e.type == EventType.DELETED else None)
        other.stop()
        self.assertTrue(gone.wait(DEADLINE))
        self.assertIsNone(self.zk.exists(p))

    def test_data_child_and_exists_watches_fire_once(self):
        p = self.base + "/w"
        events = queue.Queue()
        self.assertIsNone(self.zk.exists(p, watch=events.put))
        self.zk.create(p, b"1")
        e = events.get(timeout=DEADLINE)
        self.assertEqual((e.type, e.path), (EventType.CREATED, p))
        self.zk.get(p, watch=events.put)
        self.zk.get_children(p, watch=events.put)
        self.zk.set(p, b"2")
        self.assertEqual(events.get(timeout=DEADLINE).type, EventType.CHANGED)
        self.zk.set(p, b"3")  # one-shot: no second CHANGED
        self.zk.create(p + "/k")
        e = events.get(timeout=DEADLINE)
        self.assertEqual((e.type, e.path), (EventType.CHILD, p))
        self.zk.get(p, watch=events.put)
        self.zk.delete(p + "/k")
        self.zk.delete(p)
        e = events.get(timeout=DEADLINE)
        self.assertEqual((e.type, e.path), (EventType.DELETED, p))
        self.assertTrue(events.empty())

    def test_watch_event_precedes_later_read(self):
        p = self.base + "/order"
        self.zk.create(p, b"0")
        writer = self.client()
        seen = []
        for i in range(1, 30):
            got = threading.Event()

            def on_change(_e, got=got):
                seen.append("event")
                got.set()
            self.zk.get(p, watch=on_change)
            writer.set(p, str(i).encode())
            # The read reflects the write only after the event was delivered.
            while True:
                data, _ = self.zk.get(p)
                if data == str(i).encode():
                    break
            self.assertTrue(got.wait(DEADLINE))
        self.assertEqual(len(seen), 29)

    def test_multi_atomic_with_results(self):
        t = self.zk.transaction()
        t.create(self.base + "/m1", b"x")
        t.create(self.base + "/m2")
        t.set_data(self.base + "/m1", b"y")
        t.check(self.base + "/m1", 1)
        res = t.commit()
        self.assertEqual(res[0:2], [self.base + "/m1", self.base + "/m2"])
        self.assertEqual(res[2].version, 1)
        self.assertTrue(res[3])
        t = self.zk.transaction()
        t.create(self.base + "/m3")
        t.delete(self.base + "/nope")
        t.create(self.base + "/m4")
        res = t.commit()
        self.assertIsInstance(res[0], RolledBackError)
        self.assertIsInstance(res[1], NoNodeError)
        self.assertEqual(type(res[2]).__name__, "RuntimeInconsistency")
        self.assertIsNone(self.zk.exists(self.base + "/m3"))
        t = self.zk.transaction()
        t.check(self.base + "/m1", 7)
        t.delete(self.base + "/m2")
        res = t.commit()
        self.assertIsInstance(res[0], BadVersionError)
        self.assertIsNotNone(self.zk.exists(self.base + "/m2"))

    def test_digest_acl_and_auth(self):
        p = self.base + "/secret"
        acl = make_digest_acl("alice", "pw", all=True)
        self.zk.add_auth("digest", "alice:pw")
        self.zk.create(p, b"s", acl=[acl])
        acls, st = self.zk.get_acls(p)
        self.assertEqual(acls, [acl])
        self.assertEqual(st.aversion, 0)
        stranger = self.client()
        self.assertRaises(NoAuthError, stranger.get, p)
        self.assertRaises(NoAuthError, stranger.set, p, b"x")
        self.assertIsNotNone(stranger.exists(p))  # exists needs no permission
        stranger.add_auth("digest", "alice:wrong")
        self.assertRaises(NoAuthError, stranger.get, p)
        friend = self.client(auth_data=[("digest", "alice:pw")])
        self.assertEqual(friend.get(p)[0], b"s")
        st = self.zk.set_acls(p, OPEN_ACL_UNSAFE)
        self.assertEqual(st.aversion, 1)
        self.assertRaises(BadVersionError, self.zk.set_acls, p, OPEN_ACL_UNSAFE, version=0)
        self.assertEqual(stranger.get(p)[0], b"s")
        read_only = make_acl("world", "anyone", read=True)
        self.zk.create(p + "/ro", b"", acl=[read_only])
        self.assertRaises(NoAuthError, stranger.set, p + "/ro", b"x")
        self.assertRaises(NoAuthError, stranger.create, p + "/ro/child")
        self.assertRaises(InvalidACLError, self.zk.create, p + "/bad",
                          acl=[make_acl("world", "nobody", all=True)])

    def test_auth_scheme_acl_uses_session_ids(self):
        self.zk.add_auth("digest", "bob:pw")
        self.zk.create(self.base + "/mine", acl=[make_acl("auth", "", all=True)])
        acls, _ = self.zk.get_acls(self.base + "/mine")
        self.assertEqual(acls, [make_digest_acl("bob", "pw", all=True)])

    def test_zookeeper_system_nodes(self):
        self.assertEqual(sorted(self.zk.get_children("/zookeeper")), ["config", "quota"])
        self.assertIsNotNone(self.zk.exists("/zookeeper/config"))
        self.assertRaises(NoAuthError, self.zk.set, "/zookeeper/config", b"x")

    def test_sync_and_bad_paths(self):
        self.assertEqual(self.zk.sync(self.base), self.base)
        raw = RawClient(self.server.host, self.server.port)
        self.addCleanup(raw.close)
        create = (raw.string(self.base + "//x") + struct.pack(">i", 0) + struct.pack(">i", 1) +
                  struct.pack(">i", 31) + raw.string("world") + raw.string("anyone") +
                  struct.pack(">i", 0))
        self.assertEqual(raw.call(1, create)[0], -8)  # writes validate paths: bad arguments
        self.assertEqual(raw.call(4, raw.string(self.base + "/") + b"\0")[0], -101)  # reads don't

    def spawn_session_holder(self, path, timeout_s):
        """A child process that creates an ephemeral node; returns (process, sid, password)."""
        script = ("import sys,time\nfrom kazoo.client import KazooClient\n"
                  "zk=KazooClient(hosts=sys.argv[1], timeout=float(sys.argv[3]))\n"
                  "zk.start(timeout=10); zk.create(sys.argv[2], b'', ephemeral=True)\n"
                  "sid,pw=zk.client_id; print(sid, pw.hex(), flush=True); time.sleep(60)\n")
        child = subprocess.Popen([sys.executable, "-c", script, self.server.address, path,
                                  str(timeout_s)], stdout=subprocess.PIPE, text=True)
        self.addCleanup(child.wait)
        self.addCleanup(child.kill)
        self.addCleanup(child.stdout.close)
        sid, pw = child.stdout.readline().split()
        return child, int(sid), bytes.fromhex(pw)

    def test_session_expiry_deletes_ephemerals_and_fires_watches(self):
        p = self.base + "/doomed"
        child, sid, pw = self.spawn_session_holder(p, 1.0)
        deleted = threading.Event()
        self.zk.exists(p, watch=lambda e: deleted.set() if e.type == EventType.DELETED else None)
        child.send_signal(signal.SIGKILL)  # the session outlives its TCP connection...
        child.wait()
        self.assertIsNotNone(self.zk.exists(p))
        self.assertTrue(deleted.wait(DEADLINE))  # ...until its timeout passes
        self.assertIsNone(self.zk.exists(p))
        # Resuming the expired session is refused: kazoo gets a new session instead.
        late = self.client(client_id=(sid, pw))
        self.assertNotEqual(late.client_id[0], sid)

    def test_session_resumes_with_password_on_new_connection(self):
        p = self.base + "/kept"
        child, sid, pw = self.spawn_session_holder(p, 8.0)
        child.send_signal(signal.SIGKILL)
        child.wait()
        bad = self.client(client_id=(sid, b"\x01" * 16))
        self.assertNotEqual(bad.client_id[0], sid)
        resumed = self.client(client_id=(sid, pw))
        self.assertEqual(resumed.client_id[0], sid)
        self.assertEqual(resumed.exists(p).ephemeralOwner, sid)
        resumed.stop()  # closing the resumed session removes its ephemerals
        self.assertIsNone(self.zk.exists(p))

    def test_persistent_watches_ephemerals_and_counts_via_raw_protocol(self):
        raw = RawClient(self.server.host, self.server.port)
        self.addCleanup(raw.close)
        err, _ = raw.call(106, raw.string(self.base) + struct.pack(">i", 1))  # recursive
        self.assertEqual(err, 0)
        self.zk.create(self.base + "/r/x", makepath=True)
        got = [raw.next_event() for _ in range(2)]
        self.assertEqual(got, [(1, self.base + "/r"), (1, self.base + "/r/x")])
        self.zk.set(self.base + "/r/x", b"1")
        self.zk.set(self.base + "/r/x", b"2")  # persistent: fires again
        self.assertEqual([raw.next_event() for _ in range(2)],
                         [(3, self.base + "/r/x"), (3, self.base + "/r/x")])
        err, body = raw.call(104, raw.string(self.base))  # getAllChildrenNumber
        self.assertEqual((err, struct.unpack(">i", body)[0]), (0, 2))
        err, _ = raw.call(18, raw.string(self.base) + struct.pack(">i", 3))  # removeWatches
        self.assertEqual(err, 0)
        err, _ = raw.call(18, raw.string(self.base) + struct.pack(">i", 3))
        self.assertEqual(err, -121)  # no watcher
        body = (raw.string(self.base + "/e1") + struct.pack(">i", 0) +
                struct.pack(">i", 1) + struct.pack(">i", 31) + raw.string("world") +
                raw.string("anyone") + struct.pack(">i", 1))
        self.assertEqual(raw.call(1, body)[0], 0)
        err, body = raw.call(103, raw.string(self.base))  # getEphemerals
        self.assertEqual((err, raw.strings(body)), (0, [self.base + "/e1"]))

    def test_four_letter_words(self):
        h, port = self.server.host, self.server.port
        self.assertEqual(zk_fixture.four_letter_word(h, port, "ruok"), "imok")
        self.assertEqual(zk_fixture.four_letter_word(h, port, "isro"), "rw")
        srvr = zk_fixture.four_letter_word(h, port, "srvr")
        self.assertIn("Mode: standalone\n", srvr)
        mntr = dict(line.split("\t", 1) for line in
                    zk_fixture.four_letter_word(h, port, "mntr").splitlines())
        self.assertEqual(mntr["zk_server_state"], "standalone")
        self.assertGreaterEqual(int(mntr["zk_num_alive_connections"]), 1)
        self.assertIn("clientPort=%d\n" % port, zk_fixture.four_letter_word(h, port, "conf"))
        cons = zk_fixture.four_letter_word(h, port, "cons")
        self.assertIn(",sid=0x%x," % self.zk.client_id[0], cons)


class Whitelist(unittest.TestCase):
    def test_default_whitelist_only_srvr_and_bad_config_line(self):
        s = zk_fixture.Server("zkserver", BINARY)
        try:
            with open(s.cfg) as f:
                text = f.read().replace("4lw.commands.whitelist=*\n", "")
            with open(s.cfg, "w") as f:
                f.write(text)
            s.start()
            self.assertEqual(zk_fixture.four_letter_word(s.host, s.port, "ruok"),
                             "ruok is not executed because it is not in the whitelist.\n")
            self.assertTrue(zk_fixture.four_letter_word(s.host, s.port, "srvr")
                            .startswith("Zookeeper version: 3.8.0"))
            self.assertEqual(s.stop(), 0)
            with open(s.cfg, "a") as f:
                f.write("tickTime=fast\n")
            out = subprocess.run([BINARY, s.cfg], capture_output=True, text=True, timeout=20)
            self.assertEqual(out.returncode, 2)
            self.assertIn("zoo.cfg:%d: tickTime: expected an integer" % (text.count("\n") + 1),
                          out.stdout + out.stderr)
        finally:
            s.cleanup()


class Limits(unittest.TestCase):
    def test_max_client_cnxns_per_ip_and_jute_maxbuffer(self):
        s = zk_fixture.Server("zkserver", BINARY, extra_cfg="maxClientCnxns=2\njute.maxbuffer=4096\n")
        self.addCleanup(s.cleanup)
        s.start()
        first, second = RawClient(s.host, s.port), RawClient(s.host, s.port)
        self.addCleanup(first.close)
        self.addCleanup(second.close)
        third = socket.create_connection((s.host, s.port), timeout=DEADLINE)
        self.addCleanup(third.close)
        self.assertEqual(third.recv(1), b"")  # closed at once: a third connection from this IP
        self.assertEqual(first.call(3, RawClient.string("/") + b"\0")[0], 0)
        big = RawClient.string("/big") + struct.pack(">i", 8000) + b"x" * 8000
        first.sock.sendall(struct.pack(">iii", 8 + len(big), 1, 1) + big)
        self.assertRaises(ConnectionError, first._recv)  # over jute.maxbuffer: dropped
        self.assertEqual(second.call(3, RawClient.string("/big") + b"\0")[0], -101)


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
