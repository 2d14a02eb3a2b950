#include "orchestrator/transport/shell_quote.hpp"

#include <gtest/gtest.h>

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
}  // namespace zkd
