"""Crash recovery of zkserver: kill -9 under concurrent write load, restart, and every write a
client saw acknowledged is there with its data; a damaged log is reported, never silently
used. Usage: crash_recovery_test.py ZKSERVER_BINARY"""
import os
import signal
import sys
import threading
import unittest

from kazoo.client import KazooClient
from kazoo.retry import KazooRetry

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zk_fixture  # noqa: E402

BINARY = None


class CrashRecovery(unittest.TestCase):
    def setUp(self):
        self.server = zk_fixture.Server("zkserver", BINARY, extra_cfg="snapCount=700\n")
        self.addCleanup(self.server.cleanup)
        self.server.start()

    def client(self):
        zk = KazooClient(hosts=self.server.address, timeout=4.0,
                         connection_retry=KazooRetry(max_tries=0))
        zk.start(timeout=10)
        return zk

    def test_kill_9_under_load_keeps_every_acknowledged_write(self):
        acked = {}  # path -> data
        lock = threading.Lock()
        stop = threading.Event()
        clients = [self.client() for _ in range(4)]

        def writer(n, zk):
            i = 0
            while not stop.is_set():
                batch = []
                for _ in range(50):  # pipelined: many requests in flight
                    path, data = "/w%d-%d" % (n, i), ("v%d" % i).encode()
                    batch.append((path, data, zk.create_async(path, data)))
                    i += 1
                for path, data, result in batch:
                    try:
                        result.get(timeout=10)
                    except Exception:
                        return  # the server died; unacknowledged writes may or may not exist
                    with lock:
                        acked[path] = data
                    if n == 0 and len(batch) == 50 and i % 100 == 0:
                        with lock:  # a set cut short by the kill may or may not apply
                            acked[path + "#unacked"] = data + b"!"
                        try:  # updates too: the acknowledged version must survive
                            st = zk.set(path, data + b"!")
                            with lock:
                                acked[path] = data + b"!"
                                acked[path + "#version"] = st.version
                        except Exception:
                            return

        threads = [threading.Thread(target=writer, args=(n, zk)) for n, zk in enumerate(clients)]
        for t in threads:
            t.start()
        zk_fixture.wait_until(lambda: len(acked) >= 3000, 60, "3000 acknowledged writes")
        self.server.stop(signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join()
        for zk in clients:
            zk.stop()
            zk.close()
        self.server.start()
        zk = self.client()
        try:
            missing = []
            for path, data in acked.items():
                if "#" in path:
                    continue
                got = zk.exists(path)
                if got is None:
                    missing.append(path)
                    continue
                value = zk.get(path)[0]
                if value != data:
                    self.assertEqual(value, acked.get(path + "#unacked"), path)
                if path + "#version" in acked:
                    self.assertEqual(got.version, acked[path + "#version"])
            self.assertEqual(missing, [], "acknowledged writes lost after kill -9")
        finally:
            zk.stop()
            zk.close()
        self.assertIn("wrote snapshot", self.server.log())  # recovery used snapshot + log

    def test_damaged_log_record_stops_the_start_naming_the_file(self):
        zk = self.client()
        for i in range(50):
            zk.create("/d%d" % i, b"x" * 100)
        zk.stop()
        zk.close()
        self.assertEqual(self.server.stop(), 0)
        log_dir = os.path.join(self.server.data, "zkserver-log")
        segment = os.path.join(log_dir, sorted(os.listdir(log_dir))[0])
        with open(segment, "r+b") as f:
            f.seek(os.path.getsize(segment) // 2)
            f.write(b"\xff\xfe\xfd\xfc")
        with self.assertRaises(RuntimeError) as ctx:
            self.server.start(deadline_s=20)
        self.assertIn(os.path.basename(segment), str(ctx.exception))

    def test_torn_tail_is_reported_and_earlier_writes_kept(self):
        zk = self.client()
        for i in range(20):
            zk.create("/t%d" % i, b"y")
        zk.stop()
        zk.close()
        self.assertEqual(self.server.stop(), 0)
        log_dir = os.path.join(self.server.data, "zkserver-log")
        segment = os.path.join(log_dir, sorted(os.listdir(log_dir))[-1])
        with open(segment, "ab") as f:
            f.write(b"\x00\x00\x01\x00partial")  # a record cut short by a crash
        self.server.start()
        self.assertIn("torn", self.server.log().lower())
        zk = self.client()
        try:
            self.assertIsNotNone(zk.exists("/t19"))
        finally:
            zk.stop()
            zk.close()


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
