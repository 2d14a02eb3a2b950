#include "orchestrator/transport/shell_quote.hpp"

#include <gtest/gtest.h>

#include "orchestrator/transport/transport.hpp"

namespace zkd {
namespace {

TEST(ShellQuote, PlainWordsAreSingleQuoted) {
  EXPECT_EQ(shell_quote({"ls", "-l", "/opt/zk"}), "'ls' '-l' '/opt/zk'");
}

TEST(ShellQuote, EmptyArgumentStaysAWord) {
  EXPECT_EQ(shell_quote({"echo", ""}), "'echo' ''");
}

TEST(ShellQuote, SingleQuoteIsClosedEscapedAndReopened) {
  EXPECT_EQ(shell_quote_word("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote_word("'"), "''\\'''");
}

TEST(ShellQuote, MetacharactersStayInsideQuotes) {
  for (std::string s : {"a;rm -rf /", "$(reboot)", "`id`", "a\nb", "x > y", "$HOME", "a\\b",
                        "\"dq\"", "*", "~root", "\xff\xfe"}) {
    const std::string q = shell_quote_word(s);
    EXPECT_EQ(q.front(), '\'');
    EXPECT_EQ(q.back(), '\'');
    EXPECT_EQ(q.substr(1, q.size() - 2), s) << "no quote in input: kept verbatim";
  }
}

TEST(ShellQuote, RejectsNulAndEmptyArgv) {
  EXPECT_THROW(shell_quote({"echo", std::string("a\0b", 3)}), std::invalid_argument);
  EXPECT_THROW(shell_quote({}), std::invalid_argument);
}

}  // namespace
TEST(DescribeCommand, NamesAScriptByItsNameAndArgumentsNotItsText) {
  EXPECT_EQ(describe_command({"sh", "-c", "set -u\nlong script", "zkdeploy-lock", "/opt/zk", "me"}),
            "zkdeploy-lock '/opt/zk' 'me'");
  EXPECT_EQ(describe_command({"sh", "-c", "script", "zkdeploy-running"}), "zkdeploy-running");
  EXPECT_EQ(describe_command({"ls", "-l"}), "'ls' '-l'");
}

TEST(DescribeCommand, NamesBothPartsOfAChainedCommand) {
  ExecRequest first;
  first.argv = {"sh", "-c", "w", "zkdeploy-write", "/a b"};
  const ExecRequest chained = exec_then(first, {"sh", "-c", "g", "zkdeploy-gather", "/r"});
  EXPECT_EQ(describe_command(chained.argv), "zkdeploy-write '/a b', then zkdeploy-gather '/r'");
  // A count that does not fit is not trusted: the words are named as they are.
  EXPECT_EQ(describe_command({"sh", "-c", "s", "zkdeploy-then", "9", "x"}),
            "zkdeploy-then '9' 'x'");
}

TEST(DescribeCommand, StaysShort) {
  const std::string text =
      describe_command({"sh", "-c", "s", "zkdeploy-stage", std::string(1000, 'x')});
  EXPECT_LE(text.size(), 203u);
  EXPECT_EQ(text.substr(text.size() - 3), "...");
}

}  // namespace zkd
