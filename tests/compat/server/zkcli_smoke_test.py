"""Apache ZooKeeper's own CLI (Debian's /usr/share/zookeeper/bin/zkCli.sh, which puts
/etc/zookeeper/conf and /usr/share/java/zookeeper.jar on the classpath) runs a session
against zkserver. Usage: zkcli_smoke_test.py ZKSERVER_BINARY"""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zk_fixture  # noqa: E402

BINARY = None
ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"


class ZkCliSmoke(unittest.TestCase):
    def test_cli_session(self):
        server = zk_fixture.Server("zkserver", BINARY)
        self.addCleanup(server.cleanup)
        server.start()
        commands = ("create /cli hello\nget /cli\nls /\nset /cli world\nstat /cli\n"
                    "create -e /cli/e\ncreate -s /cli/q-\nls /cli\nget /missing\n"
                    "deleteall /cli\nls /\nquit\n")
        out = subprocess.run([ZKCLI, "-server", server.address], input=commands, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=120).stdout
        for expected in ["Created /cli\n", "\nhello\n", "[cli, zookeeper]", "dataVersion = 1\n",
                         "dataLength = 5\n", "Created /cli/q-0000000001",
                         "[e, q-0000000001]", "Node does not exist: /missing",
                         "\n[zookeeper]\n"]:
            self.assertIn(expected, out)


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
