"""Differential test: one scripted workload against Apache ZooKeeper 3.8 (started here on
loopback with java) and against zkserver. Results, error codes, stat fields and watch events
must match; times are ignored and zxids are compared by their order of appearance (each
server numbers its own transactions). Usage: differential_test.py ZKSERVER_BINARY"""
import os
import struct
import sys
import threading
import unittest

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException
from kazoo.security import make_acl, make_digest_acl, OPEN_ACL_UNSAFE

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zk_fixture  # noqa: E402
from kazoo_compat_test import RawClient  # noqa: E402

BINARY = None


class Recorder:
    def __init__(self):
        self.log = []
        self.zxids = {}
        self.sessions = {}
        self.lock = threading.Lock()
        self.events = []
        self.cond = threading.Condition(self.lock)

    def zxid(self, z):
        return "z%d" % self.zxids.setdefault(z, len(self.zxids))

    def stat(self, st):
        owner = st.ephemeralOwner
        if owner == -(1 << 63):
            owner = "container"
        elif owner:
            owner = "session%d" % self.sessions.setdefault(owner, len(self.sessions))
        return dict(czxid=self.zxid(st.czxid), mzxid=self.zxid(st.mzxid),
                    pzxid=self.zxid(st.pzxid), version=st.version, cversion=st.cversion,
                    aversion=st.aversion, owner=owner, dataLength=st.dataLength,
                    numChildren=st.numChildren, ctime_eq_mtime=st.ctime == st.mtime)

    def normalize(self, value):
        if hasattr(value, "czxid"):
            return self.stat(value)
        if isinstance(value, (list, tuple)):
            return [self.normalize(v) for v in value]
        if isinstance(value, Exception):
            return "error:" + type(value).__name__
        return value

    def do(self, label, fn, *args, **kw):
        try:
            result = self.normalize(fn(*args, **kw))
        except KazooException as e:
            result = "error:" + type(e).__name__
        self.log.append((label, result))

    def watcher(self, name):
        def on_event(e):
            with self.cond:
                self.events.append((name, e.type, e.path))
                self.cond.notify_all()
        return on_event

    def wait_events(self, n):
        with self.cond:
            self.cond.wait_for(lambda: len(self.events) >= n, timeout=10)
            self.log.append(("events", list(self.events)))


def workload(server):
    r = Recorder()
    zk = KazooClient(hosts=server.address)
    zk.start(timeout=20)
    other = KazooClient(hosts=server.address)
    other.start(timeout=20)
    r.sessions[zk.client_id[0]] = "main"
    r.sessions[other.client_id[0]] = "other"
    try:
        r.do("root children", lambda: sorted(zk.get_children("/")))
        r.do("zookeeper children", lambda: sorted(zk.get_children("/zookeeper")))
        r.do("config acl", zk.get_acls, "/zookeeper/config")
        r.do("create", zk.create, "/d", b"data")
        r.do("create2", zk.create, "/d/two", b"22", include_data=True)
        r.do("create exists", zk.create, "/d", b"")
        r.do("create no parent", zk.create, "/x/y", b"")
        r.do("get", zk.get, "/d")
        r.do("set", zk.set, "/d", b"new")
        r.do("set bad version", zk.set, "/d", b"new", version=7)
        r.do("set version", zk.set, "/d", b"newer", version=1)
        r.do("exists", zk.exists, "/d/two")
        r.do("exists none", zk.exists, "/none")
        r.do("seq", zk.create, "/d/s-", b"", sequence=True)
        r.do("eseq", zk.create, "/d/s-", b"", sequence=True, ephemeral=True)
        r.do("eph", other.create, "/d/eph", b"", ephemeral=True)
        r.do("eph child", zk.create, "/d/eph/c", b"")
        r.do("children", lambda: sorted(zk.get_children("/d")))
        r.do("children2", lambda: zk.get_children("/d", include_data=True)[1])
        r.do("delete not empty", zk.delete, "/d")
        r.do("delete bad version", zk.delete, "/d/two", version=3)
        r.do("delete", zk.delete, "/d/two", version=0)
        r.do("delete none", zk.delete, "/d/two")
        r.do("parent after", zk.exists, "/d")
        t = zk.transaction()
        t.create("/t1", b"a")
        t.set_data("/t1", b"b")
        t.check("/t1", 1)
        t.create("/t1/c", b"", ephemeral=True)
        r.do("multi ok", t.commit)
        t = zk.transaction()
        t.create("/t2")
        t.check("/t1", 5)
        t.delete("/t1/c")
        r.do("multi fail", t.commit)
        r.do("multi rolled back", zk.exists, "/t2")
        r.do("acl digest", zk.add_auth, "digest", "u:p")
        r.do("create acl", zk.create, "/a", b"x", acl=[make_digest_acl("u", "p", all=True)])
        r.do("get acl", zk.get_acls, "/a")
        r.do("noauth get", other.get, "/a")
        r.do("noauth set", other.set, "/a", b"")
        r.do("noauth delete child", other.create, "/a/c")
        r.do("invalid acl", zk.create, "/bad", acl=[make_acl("world", "someone", all=True)])
        r.do("auth acl", zk.create, "/b", acl=[make_acl("auth", "", read=True, admin=True)])
        r.do("auth acl get", zk.get_acls, "/b")
        r.do("set acl bad version", zk.set_acls, "/a", OPEN_ACL_UNSAFE, version=4)
        r.do("set acl", zk.set_acls, "/a", OPEN_ACL_UNSAFE, version=0)
        r.do("readonly create", zk.create, "/ro", acl=[make_acl("world", "anyone", read=True)])
        r.do("readonly set", other.set, "/ro", b"x")
        r.do("sync", zk.sync, "/d")
        # watches: data, child, exists; the ephemeral of `other` disappears with its session
        zk.get("/d", watch=r.watcher("data /d"))
        zk.get_children("/d", watch=r.watcher("child /d"))
        zk.exists("/new", watch=r.watcher("exists /new"))
        zk.exists("/d/eph", watch=r.watcher("exists /d/eph"))
        zk.set("/d", b"w")
        zk.create("/new")
        other.stop()
        r.wait_events(4)
        r.do("eph gone", zk.exists, "/d/eph")
        r.do("children after close", lambda: sorted(zk.get_children("/d")))
        raw = RawClient(server.host, server.port)
        try:
            r.log.append(("addWatch", raw.call(106, raw.string("/d") + struct.pack(">i", 1))[0]))
            zk.create("/d/deep/er", makepath=True)
            zk.set("/d/deep", b"x")
            zk.delete("/d/deep/er")
            r.log.append(("recursive events", [raw.next_event() for _ in range(4)]))
            r.log.append(("removeWatches", raw.call(18, raw.string("/d") +
                                                    struct.pack(">i", 3))[0]))
            r.log.append(("removeWatches none", raw.call(18, raw.string("/d") +
                                                         struct.pack(">i", 3))[0]))
            err, body = raw.call(104, raw.string("/d"))
            r.log.append(("allChildrenNumber", err, body.hex()))
            r.log.append(("bad path", raw.call(4, raw.string("/d/") + b"\0")[0]))
            r.log.append(("getEphemerals", raw.call(103, raw.string("/"))))
            r.log.append(("getData missing", raw.call(4, raw.string("/nope") + b"\0")[0]))
        finally:
            raw.close()
    finally:
        zk.stop()
        zk.close()
        other.close()
    return r.log


class Differential(unittest.TestCase):
    def test_same_workload_same_answers(self):
        logs = {}
        for kind in ("apache", "zkserver"):
            server = zk_fixture.Server(kind, BINARY)
            try:
                server.start(deadline_s=90)
                logs[kind] = workload(server)
            finally:
                server.cleanup()
        self.assertEqual(len(logs["apache"]), len(logs["zkserver"]))
        mismatches = ["%r\n  apache:   %r\n  zkserver: %r" % (theirs[0], theirs, ours)
                      for theirs, ours in zip(logs["apache"], logs["zkserver"]) if theirs != ours]
        self.assertEqual(mismatches, [], "\n".join(mismatches))


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
