"""reconfig of a zkserver ensemble of real processes, driven by kazoo, under a continuous write
load: 3 members grow to 5 (servers 4 and 5 start with a zoo.cfg naming the three members plus
themselves and are added one at a time, through a follower and through the leader; a founder
down during the first change catches up), a founder restarts with its old zoo.cfg, then the ensemble shrinks back to 3 (removing a follower, then
the leader). Every acknowledged write is present
at the end, in order; the configuration, conf, mntr and the removed servers' state follow.
Loopback 127.0.0.61 - 127.0.0.65.
Usage: ensemble_reconfig_test.py ZKSERVER_BINARY"""
import re
import sys
import threading
import time
import unittest

import kazoo.exceptions
from kazoo.client import KazooClient
from kazoo.retry import KazooRetry

import ensemble_fixture

BINARY = None
NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n"


def client(hosts):
    zk = KazooClient(hosts=hosts, timeout=6.0,
                     connection_retry=KazooRetry(max_tries=-1, delay=0.05, max_delay=0.2))
    zk.start(timeout=10)
    return zk


class Writer(threading.Thread):
    """Creates /load/n-<i> for i = 0, 1, ... one at a time; remembers the acknowledged ones.
    A write whose outcome is unknown (connection loss) is retried under its own name."""

    def __init__(self, hosts):
        super().__init__(daemon=True)
        self.zk = client(hosts)
        self.zk.ensure_path("/load")
        self.acked = []
        self.stop = threading.Event()

    def run(self):
        i = 0
        while not self.stop.is_set():
            path = "/load/n-%06d" % i
            try:
                self.zk.create(path, str(i).encode())
            except kazoo.exceptions.NodeExistsError:
                pass  # an earlier attempt whose answer was lost did commit
            except (kazoo.exceptions.ConnectionLoss, kazoo.exceptions.SessionExpiredError,
                    kazoo.exceptions.OperationTimeoutError):
                continue
            self.acked.append(path)
            i += 1

    def wait_for_more(self, n=20):
        target = len(self.acked) + n
        ensemble_fixture.wait_until(lambda: len(self.acked) >= target, 20, "writes flowing")

    def finish(self):
        self.stop.set()
        self.join(timeout=20)
        self.zk.stop()
        self.zk.close()


def answers(member, word, expected):
    try:
        return member.word(word) == expected
    except OSError:
        return False


def servers_in(text):
    return sorted(int(sid) for sid in re.findall(r"^server\.(\d+)=", text, re.M))


def version_of(text):
    return re.search(r"^version=([0-9a-f]+)$", text, re.M).group(1)


class ReconfigTest(unittest.TestCase):
    def setUp(self):
        self.ens = ensemble_fixture.Ensemble(
            # Small snapCount: configurations travel in snapshots too (a joiner may get one).
            BINARY, participants=5, observers=1,
            extra_cfg="reconfigEnabled=true\nsnapCount=100",
            hosts=["127.0.0.%d" % (61 + i) for i in range(6)])
        self.addCleanup(self.ens.cleanup)
        m = self.ens.members
        self.founders, self.joiners, self.observer = m[:3], m[3:5], m[5]
        for f in self.founders:
            self.ens.write_config(f, self.founders)
        for j in self.joiners + [self.observer]:
            self.ens.write_config(j, self.founders + [j])
        for f in self.founders:
            self.ens.start(f)
        self.ens.wait_serving(self.founders)
        self.clients = []

    def tearDown(self):
        for zk in self.clients:
            zk.stop()
            zk.close()

    def open(self, members):
        zk = client(self.ens.connect_string(members))
        self.clients.append(zk)
        return zk

    def configs(self, members):
        """/zookeeper/config as each member serves it."""
        out = {}
        for m in members:
            zk = self.open([m])
            zk.sync("/")
            out[m.sid] = zk.get("/zookeeper/config")[0].decode()
        return out

    def test_three_to_five_to_three_under_load(self):
        start = time.monotonic()
        writer = Writer(self.ens.connect_string(self.founders))
        writer.start()
        writer.wait_for_more()
        leader = self.ens.leader()
        follower = self.ens.followers()[0]
        via_follower, via_leader = self.open([follower]), self.open([leader])
        founding = via_leader.get("/zookeeper/config")[0].decode()
        self.assertEqual(servers_in(founding), [1, 2, 3])

        # A stale fromConfig is refused, and so is removing an unknown server.
        with self.assertRaises(kazoo.exceptions.BadVersionError):
            via_follower.reconfig(joining=self.joiners[0].server_line() + ";" +
                                  self.joiners[0].address, leaving=None, new_members=None,
                                  from_config=0x7ffffffe)
        with self.assertRaises(kazoo.exceptions.BadArgumentsError):
            via_leader.reconfig(joining=None, leaving="9", new_members=None)

        # Add 4 through a follower (forwarded to the leader), from the version in force, while
        # the other follower is down: it comes back one change behind.
        lagging = self.ens.followers()[1]
        self.ens.kill(lagging)
        four, five = self.joiners
        self.ens.start(four)
        ensemble_fixture.wait_until(lambda: answers(four, "ruok", "imok"), 10, "server 4 up")
        data, stat = via_follower.reconfig(
            joining="server.4=%s:%d:%d:participant;%s" % (four.host, four.quorum_port,
                                                          four.election_port, four.address),
            leaving=None, new_members=None, from_config=int(version_of(founding), 16))
        after_four = data.decode()
        self.assertEqual(servers_in(after_four), [1, 2, 3, 4])
        self.assertNotEqual(version_of(after_four), version_of(founding))
        self.assertIn("server.4=%s:%d:%d:participant;%s" % (four.host, four.quorum_port,
                                                            four.election_port, four.address),
                      after_four)
        writer.wait_for_more()
        self.ens.start(lagging)
        self.ens.wait_serving(self.founders + [four])
        self.assertEqual(self.configs([lagging])[lagging.sid], after_four)

        # Add 5 through the leader; a second change sent while it is pending is refused.
        self.ens.start(five)
        ensemble_fixture.wait_until(lambda: answers(five, "ruok", "imok"), 10, "server 5 up")
        add_five = via_leader.reconfig_async(five.server_line() + ";" + five.address, None,
                                             None, -1)
        remove_four = via_leader.reconfig_async(None, "4", None, -1)
        after_five = add_five.get(timeout=15)[0].decode()
        with self.assertRaises(kazoo.exceptions.ReconfigInProcessError):
            remove_four.get(timeout=15)
        self.assertEqual(servers_in(after_five), [1, 2, 3, 4, 5])
        writer.wait_for_more()

        # All five serve the earlier writes and the same configuration; the leader counts
        # four synced followers.
        everyone = self.founders + self.joiners
        self.ens.wait_serving(everyone)
        early = writer.acked[:50]
        for m in everyone:
            zk = self.open([m])
            zk.sync("/")
            self.assertTrue(all(zk.exists(p) for p in early), "server %d" % m.sid)
        self.assertEqual(set(self.configs(everyone).values()), {after_five})
        leader = self.ens.leader()
        ensemble_fixture.wait_until(
            lambda: leader.mntr().get("zk_synced_followers") == "4", 10, "4 synced followers")
        self.assertEqual(leader.mntr()["zk_quorum_size"], "5")
        self.assertIn("membership: \n" + after_five + "\n", five.word("conf"))
        with open(five.data + "/zoo.cfg.dynamic") as f:
            self.assertEqual(f.read(), after_five + "\n")

        # A founder restarted with its old zoo.cfg (three servers) takes the five from its
        # log and snapshots.
        restarted = [m for m in self.founders if m is not leader][0]
        self.ens.kill(restarted)
        self.ens.start(restarted)
        self.ens.wait_serving(everyone)
        self.assertEqual(self.configs([restarted])[restarted.sid], after_five)
        writer.wait_for_more()

        # Remove 5 through a follower, then the current leader through itself.
        remover = self.open([m for m in everyone if m is not leader and m is not five][:1])
        after_remove_five = remover.reconfig(joining=None, leaving="5", new_members=None)[0]
        self.assertEqual(servers_in(after_remove_five.decode()), [1, 2, 3, 4])
        writer.wait_for_more()
        old_leader = leader
        via_old_leader = self.open([old_leader])
        final = via_old_leader.reconfig(joining=None, leaving=str(old_leader.sid),
                                        new_members=None)[0].decode()
        remaining = [m for m in everyone if m not in (five, old_leader)]
        self.assertEqual(servers_in(final), sorted(m.sid for m in remaining))
        self.ens.wait_serving(remaining)
        writer.wait_for_more()
        new_leader = self.ens.leader()
        self.assertNotEqual(new_leader, old_leader)
        ensemble_fixture.wait_until(
            lambda: new_leader.mntr().get("zk_synced_followers") == "2", 10,
            "2 synced followers")
        self.assertEqual(new_leader.mntr()["zk_quorum_size"], "3")
        self.assertEqual(set(self.configs(remaining).values()), {final})

        # The removed servers stop serving and campaigning: the others' term stays put.
        for gone in (five, old_leader):
            ensemble_fixture.wait_until(lambda: answers(gone, "srvr", NOT_SERVING), 10,
                                        "server %d not serving" % gone.sid)
            self.assertIn("is not a member of the ensemble", gone.log())
        term = new_leader.admin("leader")[1]["term"]
        writer.wait_for_more(50)
        self.assertEqual(new_leader.admin("leader")[1]["term"], term)
        self.assertEqual(self.ens.leader(), new_leader)

        # Every acknowledged write is there, and nothing beyond the writer's last attempt.
        writer.finish()
        check = self.open(remaining)
        check.sync("/")
        present = set(check.get_children("/load"))
        missing = [p for p in writer.acked if p.rsplit("/", 1)[1] not in present]
        self.assertEqual(missing, [])
        self.assertLessEqual(len(present), len(writer.acked) + 1)
        print("3->5->3 with %d acknowledged writes in %.1f s" %
              (len(writer.acked), time.monotonic() - start), file=sys.stderr)

    def test_observer_joins_is_promoted_leaves_and_comes_back(self):
        obs = self.observer
        self.ens.start(obs)
        ensemble_fixture.wait_until(lambda: answers(obs, "ruok", "imok"), 10, "server 6 up")
        zk = self.open([self.ens.followers()[0]])
        zk.create("/before", b"x")
        spec = "%s;%s" % (obs.server_line(), obs.address)
        text = zk.reconfig(joining=spec, leaving=None, new_members=None)[0].decode()
        self.assertIn(spec + "\n", text)
        self.ens.wait_serving(self.founders + [obs])
        self.assertEqual(obs.mode(), "observer")
        leader = self.ens.leader()
        ensemble_fixture.wait_until(
            lambda: leader.mntr().get("zk_synced_observers") == "1", 10, "a synced observer")
        self.assertEqual(leader.mntr()["zk_quorum_size"], "3")
        reader = self.open([obs])
        reader.sync("/")
        self.assertEqual(reader.get("/before")[0], b"x")
        # The same server as a participant: a role change.
        promoted = zk.reconfig(joining=spec.replace(":observer", ":participant"), leaving=None,
                               new_members=None)[0].decode()
        self.assertIn("server.6=%s:%d:%d:participant" % (obs.host, obs.quorum_port,
                                                         obs.election_port), promoted)
        ensemble_fixture.wait_until(lambda: obs.mode() == "follower", 10, "server 6 follows")
        ensemble_fixture.wait_until(
            lambda: leader.mntr().get("zk_synced_followers") == "3", 10, "3 synced followers")
        self.assertEqual(leader.mntr()["zk_quorum_size"], "4")
        zk.reconfig(joining=None, leaving="6", new_members=None)
        ensemble_fixture.wait_until(lambda: answers(obs, "srvr", NOT_SERVING), 10,
                                    "server 6 not serving")
        self.assertEqual(leader.mntr()["zk_quorum_size"], "3")
        zk.create("/after", b"")
        # Added back while still running, it catches up and serves again.
        zk.reconfig(joining=spec, leaving=None, new_members=None)
        ensemble_fixture.wait_until(lambda: obs.mode() == "observer", 10, "server 6 observes")
        again = self.open([obs])
        again.sync("/")
        self.assertIsNotNone(again.exists("/after"))


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
