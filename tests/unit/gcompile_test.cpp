//===- gcompile_test.cpp - Tests of the G-machine compilation schemes -----===//
//
// Expected code is checked against the G-machine's stack discipline: on entry
// to a supercombinator of arity n its arguments are at offsets 0..n-1 (the
// first on top) and the redex root at offset n.
//
//===----------------------------------------------------------------------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::compileValid;
using test::printedProgram;

const std::string ListDecl = "data List = { Nil, Cons Int List }\n";

/// A compiled program and its printed form.
struct Compiled {
  GProgram program;
  std::string printed;

  /// The printed supercombinator called name: its header and its code.
  std::string code(const std::string &name) const {
    std::string header = name + " (arity ";
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(printed).split(lines, '\n');
    std::string out;
    bool inside = false;
    for (llvm::StringRef line : lines) {
      if (!line.starts_with(" "))
        inside = line.starts_with(header);
      if (inside)
        out += line.str() + "\n";
    }
    return out.empty() ? "<no supercombinator " + name + ">" : out;
  }

  /// "name/arity" of every global, by index.
  std::vector<std::string> globals() const {
    std::vector<std::string> out;
    for (const Supercombinator &sc : program.globals)
      out.push_back(sc.name + "/" + std::to_string(sc.arity));
    return out;
  }

  const Supercombinator *global(const std::string &name) const {
    for (const Supercombinator &sc : program.globals)
      if (sc.name == name)
        return &sc;
    return nullptr;
  }
};

Compiled gcompile(const std::string &text) {
  Compiled c{compileValid(text), ""};
  c.printed = printedProgram(c.program);
  return c;
}

using Names = std::vector<std::string>;

TEST(GCompile, ReturnFirstArgument) {
  Compiled c = gcompile("defn k x y = { x }\ndefn k2 x y = { y }\n"
                        "defn main = { 1 }");
  EXPECT_EQ(c.code("k"), "k (arity 2):\n"
                         "  Push 0\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("k2"), "k2 (arity 2):\n"
                          "  Push 1\n"
                          "  Update 2\n"
                          "  Pop 2\n"
                          "  Unwind\n");
}

TEST(GCompile, ArithmeticRunsInline) {
  Compiled c = gcompile("defn main = { 1 + 2 }\n"
                        "defn f x y = { x - y * 3 }\n"
                        "defn square x = { x * x }\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  PushInt 1\n"
                            "  PushInt 2\n"
                            "  BinOp +\n"
                            "  Update 0\n"
                            "  Unwind\n");
  // x is at 0; after it is pushed, y is at 2.
  EXPECT_EQ(c.code("f"), "f (arity 2):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 2\n"
                         "  Eval\n"
                         "  PushInt 3\n"
                         "  BinOp *\n"
                         "  BinOp -\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("square"), "square (arity 1):\n"
                              "  Push 0\n"
                              "  Eval\n"
                              "  Push 1\n"
                              "  Eval\n"
                              "  BinOp *\n"
                              "  Update 1\n"
                              "  Pop 1\n"
                              "  Unwind\n");
  // No operator supercombinator is needed when arithmetic runs inline.
  EXPECT_EQ(c.globals(), (Names{"main/0", "f/2", "square/1"}));
}

TEST(GCompile, Length) {
  Compiled c = gcompile(ListDecl + R"(
defn length l = {
    case l of {
        Nil -> { 0 }
        Cons x xs -> { 1 + length xs }
    }
}
defn main = { length Nil }
)");
  // After Split 2 the stack is x, xs, l, root; after PushInt 1, xs is at 2.
  EXPECT_EQ(c.code("length"), "length (arity 1):\n"
                              "  Push 0\n"
                              "  Eval\n"
                              "  Jump\n"
                              "    Nil:\n"
                              "      Split 0\n"
                              "      PushInt 0\n"
                              "      Update 1\n"
                              "      Pop 1\n"
                              "      Unwind\n"
                              "    Cons:\n"
                              "      Split 2\n"
                              "      PushInt 1\n"
                              "      Push 2\n"
                              "      PushGlobal length\n"
                              "      MkApp\n"
                              "      Eval\n"
                              "      BinOp +\n"
                              "      Update 3\n"
                              "      Pop 3\n"
                              "      Unwind\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  Pack Nil 0\n"
                            "  PushGlobal length\n"
                            "  MkApp\n"
                            "  Update 0\n"
                            "  Unwind\n");
}

TEST(GCompile, LazyArgumentUsesOperatorSupercombinator) {
  Compiled c = gcompile("defn g x = { h (x + 1) (x - x) (1 + 2) }\n"
                        "defn h a b c = { a }\n"
                        "defn main = { g 1 }\n");
  // The right operand is built first, so that the left one ends on top.
  EXPECT_EQ(c.code("g"), "g (arity 1):\n"
                         "  PushInt 2\n"
                         "  PushInt 1\n"
                         "  PushGlobal +\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Push 1\n"
                         "  Push 2\n"
                         "  PushGlobal -\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  PushInt 1\n"
                         "  Push 3\n"
                         "  PushGlobal +\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  PushGlobal h\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // Operands a (on top) and b, root at 2: a is evaluated first.
  EXPECT_EQ(c.code("+"), "+ (arity 2):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 2\n"
                         "  Eval\n"
                         "  BinOp +\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("-"), "- (arity 2):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 2\n"
                         "  Eval\n"
                         "  BinOp -\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  // One supercombinator per operator, however often it is used.
  EXPECT_EQ(c.globals(), (Names{"g/1", "h/3", "main/0", "+/2", "-/2"}));
}

TEST(GCompile, SaturatedConstructorIsPacked) {
  Compiled c = gcompile(ListDecl + "defn main = { Cons 1 (Cons 2 Nil) }\n"
                                   "defn single x = { Cons x Nil }\n");
  // The last field is built first: field 0 ends on top.
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  Pack Nil 0\n"
                            "  PushInt 2\n"
                            "  Pack Cons 2\n"
                            "  PushInt 1\n"
                            "  Pack Cons 2\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.code("single"), "single (arity 1):\n"
                              "  Pack Nil 0\n"
                              "  Push 1\n"
                              "  Pack Cons 2\n"
                              "  Update 1\n"
                              "  Pop 1\n"
                              "  Unwind\n");
  EXPECT_EQ(c.globals(), (Names{"main/0", "single/1"}));
}

TEST(GCompile, PartiallyAppliedConstructorIsAGlobal) {
  Compiled c = gcompile(ListDecl + "data Pair = { Pair Int List }\n"
                                   "defn cons1 = { Cons 1 }\n"
                                   "defn pair = { Pair }\n"
                                   "defn main = { cons1 (Cons 2 Nil) }\n"
                                   "defn again = { Cons 3 }\n");
  EXPECT_EQ(c.code("cons1"), "cons1 (arity 0):\n"
                             "  PushInt 1\n"
                             "  PushGlobal Cons\n"
                             "  MkApp\n"
                             "  Update 0\n"
                             "  Unwind\n");
  EXPECT_EQ(c.code("pair"), "pair (arity 0):\n"
                            "  PushGlobal Pair\n"
                            "  Update 0\n"
                            "  Unwind\n");
  // Entered with the fields on the stack and the root below them: the
  // constructor node replaces the fields, then updates the root.
  EXPECT_EQ(c.code("Cons"), "Cons (arity 2):\n"
                            "  Pack Cons 2\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.code("Pair"), "Pair (arity 2):\n"
                            "  Pack Pair 2\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.globals(), (Names{"cons1/0", "pair/0", "main/0", "again/0",
                                "Cons/2", "Pair/2"}));
}

TEST(GCompile, CaseInArgumentPositionIsLifted) {
  Compiled c = gcompile(ListDecl + R"(
defn f x y = { g (case y of { Nil -> { x } Cons a b -> { a } }) }
defn g n = { n }
defn main = { f 1 Nil }
)");
  // The free variables y and x become the parameters, y first (on top).
  EXPECT_EQ(c.code("f"), "f (arity 2):\n"
                         "  Push 0\n"
                         "  Push 2\n"
                         "  PushGlobal f$case1\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  PushGlobal g\n"
                         "  MkApp\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("f$case1"), "f$case1 (arity 2):\n"
                               "  Push 0\n"
                               "  Eval\n"
                               "  Jump\n"
                               "    Nil:\n"
                               "      Split 0\n"
                               "      Push 1\n"
                               "      Update 2\n"
                               "      Pop 2\n"
                               "      Unwind\n"
                               "    Cons:\n"
                               "      Split 2\n"
                               "      Push 0\n"
                               "      Update 4\n"
                               "      Pop 4\n"
                               "      Unwind\n");
  EXPECT_EQ(c.globals(), (Names{"f/2", "g/1", "main/0", "f$case1/2"}));
}

TEST(GCompile, NestedLiftedCasesAreNamedAfterTheFunction) {
  Compiled c = gcompile(ListDecl + R"(
defn f l = { g (case l of { Cons x xs -> { g (case xs of { y -> { y } }) }
                            Nil -> { Nil } }) }
defn g l = { l }
defn main = { f Nil }
)");
  EXPECT_EQ(c.code("f$case1"), "f$case1 (arity 1):\n"
                               "  Push 0\n"
                               "  Eval\n"
                               "  Jump\n"
                               "    Cons:\n"
                               "      Split 2\n"
                               "      Push 1\n"
                               "      PushGlobal f$case2\n"
                               "      MkApp\n"
                               "      PushGlobal g\n"
                               "      MkApp\n"
                               "      Update 3\n"
                               "      Pop 3\n"
                               "      Unwind\n"
                               "    Nil:\n"
                               "      Split 0\n"
                               "      Pack Nil 0\n"
                               "      Update 1\n"
                               "      Pop 1\n"
                               "      Unwind\n");
  EXPECT_EQ(c.code("f$case2"), "f$case2 (arity 1):\n"
                               "  Push 0\n"
                               "  Eval\n"
                               "  Jump\n"
                               "    _:\n"
                               "      Push 0\n"
                               "      Update 2\n"
                               "      Pop 2\n"
                               "      Unwind\n");
  EXPECT_EQ(c.globals(),
            (Names{"f/1", "g/1", "main/0", "f$case1/1", "f$case2/1"}));
}

TEST(GCompile, LiftedCaseWithoutFreeVariables) {
  Compiled c = gcompile(ListDecl + "defn main = { g (case Nil of { "
                                   "Nil -> { 1 } y -> { 2 } }) }\n"
                                   "defn g n = { n }\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  PushGlobal main$case1\n"
                            "  PushGlobal g\n"
                            "  MkApp\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.code("main$case1"), "main$case1 (arity 0):\n"
                                  "  Pack Nil 0\n"
                                  "  Eval\n"
                                  "  Jump\n"
                                  "    Nil:\n"
                                  "      Split 0\n"
                                  "      PushInt 1\n"
                                  "      Update 0\n"
                                  "      Unwind\n"
                                  "    _:\n"
                                  "      PushInt 2\n"
                                  "      Update 1\n"
                                  "      Pop 1\n"
                                  "      Unwind\n");
}

TEST(GCompile, CaseAsOperandSlidesItsBindingsAway) {
  Compiled c = gcompile(ListDecl + R"(
defn f l = { 1 + case l of { Nil -> { 0 } Cons x xs -> { x } } }
defn g n = { 2 * case n of { m -> { m } } }
defn main = { f Nil + g 1 }
)");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  PushInt 1\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    Nil:\n"
                         "      Split 0\n"
                         "      PushInt 0\n"
                         "    Cons:\n"
                         "      Split 2\n"
                         "      Push 0\n"
                         "      Eval\n"
                         "      Slide 2\n"
                         "  BinOp +\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // A variable pattern binds the evaluated scrutinee itself.
  EXPECT_EQ(c.code("g"), "g (arity 1):\n"
                         "  PushInt 2\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    _:\n"
                         "      Push 0\n"
                         "      Eval\n"
                         "      Slide 1\n"
                         "  BinOp *\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
}

TEST(GCompile, VariablePatternInTailPosition) {
  Compiled c = gcompile("defn f n = { case n of { m -> { m + 1 } } }\n"
                        "defn main = { f 1 }");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    _:\n"
                         "      Push 0\n"
                         "      Eval\n"
                         "      PushInt 1\n"
                         "      BinOp +\n"
                         "      Update 2\n"
                         "      Pop 2\n"
                         "      Unwind\n");
}

TEST(GCompile, BranchesThatCannotMatchAreDropped) {
  Compiled c = gcompile(ListDecl + R"(
defn f l = { case l of { Nil -> { 1 } Nil -> { 2 } m -> { 3 } Cons x xs -> { 4 } } }
defn main = { f Nil }
)");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    Nil:\n"
                         "      Split 0\n"
                         "      PushInt 1\n"
                         "      Update 1\n"
                         "      Pop 1\n"
                         "      Unwind\n"
                         "    _:\n"
                         "      PushInt 3\n"
                         "      Update 2\n"
                         "      Pop 2\n"
                         "      Unwind\n");
}

TEST(GCompile, LocalsShadowGlobals) {
  Compiled c = gcompile("defn x = { 1 }\ndefn f x = { x }\n"
                        "defn main = { f x + x }");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  PushGlobal x\n"
                            "  PushGlobal f\n"
                            "  MkApp\n"
                            "  Eval\n"
                            "  PushGlobal x\n"
                            "  Eval\n"
                            "  BinOp +\n"
                            "  Update 0\n"
                            "  Unwind\n");
}

TEST(GCompile, InstructionOperands) {
  Compiled c = gcompile(ListDecl + "defn main = { f 9223372036854775807 }\n"
                                   "defn f x = { Cons x Nil }");
  const Supercombinator *main = c.global("main");
  ASSERT_NE(main, nullptr);
  ASSERT_EQ(main->code.size(), 5u);
  EXPECT_EQ(main->code[0].op, Op::PushInt);
  EXPECT_EQ(main->code[0].n, INT64_MAX);
  EXPECT_EQ(main->code[1].op, Op::PushGlobal);
  EXPECT_EQ(main->code[1].n, 1); // f
  EXPECT_EQ(main->code[2].op, Op::MkApp);
  EXPECT_EQ(main->code[3].op, Op::Update);
  EXPECT_EQ(main->code[3].n, 0);
  EXPECT_EQ(main->code[4].op, Op::Unwind);
  const Supercombinator *f = c.global("f");
  ASSERT_NE(f, nullptr);
  ASSERT_GE(f->code.size(), 3u);
  EXPECT_EQ(f->code[0].op, Op::Pack);
  EXPECT_EQ(f->code[0].ctor, 0u); // Nil
  EXPECT_EQ(f->code[0].n, 0);
  EXPECT_EQ(f->code[2].op, Op::Pack);
  EXPECT_EQ(f->code[2].ctor, 1u); // Cons
  EXPECT_EQ(f->code[2].n, 2);
}

TEST(GCompile, ConstructorTable) {
  Compiled c = gcompile("data T = { A, B Int T }\ndata U = { C U U U }\n"
                        "defn main = { 1 }");
  ASSERT_EQ(c.program.constructors.size(), 3u);
  EXPECT_EQ(c.program.constructors[0].name, "A");
  EXPECT_EQ(c.program.constructors[0].arity, 0u);
  EXPECT_EQ(c.program.constructors[1].name, "B");
  EXPECT_EQ(c.program.constructors[1].arity, 2u);
  EXPECT_EQ(c.program.constructors[2].name, "C");
  EXPECT_EQ(c.program.constructors[2].arity, 3u);
}

TEST(GCompile, MainIndex) {
  Compiled c = gcompile("defn f = { 1 }\ndefn g x = { x }\ndefn main = { f }");
  EXPECT_EQ(c.program.mainIndex, 2u);
  EXPECT_EQ(c.program.globals.at(c.program.mainIndex).name, "main");
  EXPECT_FALSE(c.program.mainIsReferenced);
}

TEST(GCompile, MainIsReferenced) {
  Compiled c = gcompile("defn main = { 1 }\ndefn loop x = { main + x }");
  EXPECT_EQ(c.program.mainIndex, 0u);
  EXPECT_TRUE(c.program.mainIsReferenced);
}

} // namespace
} // namespace lazyc
