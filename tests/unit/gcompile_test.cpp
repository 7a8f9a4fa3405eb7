//===- gcompile_test.cpp - Tests of the G-machine compilation schemes -----===//
//
// Programs are compiled with both schemes, checked against the invariants
// of gmachine.h and run by the reference interpreter: the tests check what
// the code computes, and how (which instructions ran, whether a spine was
// unwound), more than its exact listing. A few listings stay, as
// documentation of the schemes.
//
//===----------------------------------------------------------------------===//

#include "compiler_test_support.h"
#include "gcode_interpreter.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::compileValid;
using test::printedProgram;
using test::RunResult;

const std::string ListDecl = "data List a = { Nil, Cons a (List a) }\n";
const std::string LenDecl =
    ListDecl + "defn len l = { case l of { Nil -> { 0 } Cons _ xs -> { 1 + "
               "len xs } } }\n";

GProgram compile(const std::string &text, bool strict) {
  GProgram program = compileProgram(test::liftValid(text), {strict});
  EXPECT_EQ(test::checkCode(program), "") << (strict ? "strict" : "plain");
  return program;
}

/// The run of a program under the strict scheme, after checking that the
/// plain scheme computes the same.
RunResult run(const std::string &text) {
  RunResult plain = test::runProgram(compile(text, false));
  RunResult strict = test::runProgram(compile(text, true));
  EXPECT_EQ(strict.output, plain.output) << "the schemes disagree";
  EXPECT_EQ(strict.error, plain.error) << "the schemes disagree";
  return strict;
}

/// What a program prints, or its error after what it printed.
std::string output(const std::string &text) {
  RunResult r = run(text);
  return r.error.empty() ? r.output : r.output + "|" + r.error;
}

/// The printed supercombinator called name: its header and its code.
std::string listing(const GProgram &program, const std::string &name) {
  std::string printed = printedProgram(program), out;
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(printed).split(lines, '\n');
  bool inside = false;
  for (llvm::StringRef line : lines) {
    if (!line.starts_with(" "))
      inside = line.starts_with(name + " (arity ");
    if (inside)
      out += line.str() + "\n";
  }
  return out.empty() ? "<no supercombinator " + name + ">" : out;
}

/// How often op occurs in the code of the supercombinator called name.
unsigned count(const GProgram &program, const std::string &name, Op op) {
  std::function<unsigned(const Code &)> in = [&](const Code &code) {
    unsigned n = 0;
    for (const Instruction &i : code) {
      n += i.op == op;
      for (const JumpBranch &b : i.branches)
        n += in(b.code);
    }
    return n;
  };
  for (const Supercombinator &sc : program.globals)
    if (sc.name == name)
      return in(sc.code);
  ADD_FAILURE() << "no supercombinator " << name;
  return 0;
}

const std::string NfibProgram = R"(
defn nfib n = { if n < 2 then { 1 } else { nfib (n - 1) + nfib (n - 2) + 1 } }
defn main = { nfib 15 }
)";

// ---- What programs compute --------------------------------------------------

TEST(GCompile, ArithmeticAndCalls) {
  EXPECT_EQ(output("defn main = { 1 + 2 * 3 - 4 / 2 }"), "5\n");
  EXPECT_EQ(output("defn f x y = { x - y * 3 }\ndefn main = { f 10 2 }"),
            "4\n");
  EXPECT_EQ(output(NfibProgram), "1973\n");
  EXPECT_EQ(output("defn main = { 0 - 7 % 3 }"), "-1\n");
}

TEST(GCompile, ListsAndPatterns) {
  std::string prelude = ListDecl + R"(
defn length l = { case l of { Nil -> { 0 } Cons _ xs -> { 1 + length xs } } }
defn map f l = { case l of { Nil -> { Nil } Cons x xs -> { Cons (f x) (map f xs) } } }
defn from n = { Cons n (from (n + 1)) }
defn take n l = { if n <= 0 then { Nil } else {
  case l of { Nil -> { Nil } Cons x xs -> { Cons x (take (n - 1) xs) } } } }
)";
  EXPECT_EQ(output(prelude + "defn main = { length (Cons 1 (Cons 2 Nil)) }"),
            "2\n");
  EXPECT_EQ(output(prelude +
                   "defn main = { take 3 (map (\\x -> { x * x }) (from 1)) }"),
            "Cons 1 (Cons 4 (Cons 9 Nil))\n");
  EXPECT_EQ(output(prelude + "defn main = { map (\\x -> { 0 - x }) "
                             "(Cons 1 (Cons 2 Nil)) }"),
            "Cons (-1) (Cons (-2) Nil)\n");
}

TEST(GCompile, CasesOnNumbersAndBools) {
  std::string f = "defn f n = { case n * 2 of { 0 -> { 100 } 4 -> { 40 } "
                  "m -> { m + 1 } } }\n";
  EXPECT_EQ(output(f + "defn main = { f 0 + f 2 + f 5 }"), "151\n");
  EXPECT_EQ(output("defn main = { case 3 < 4 of { True -> { 1 } "
                   "False -> { 2 } } }"),
            "1\n");
  // A default binding a Bool keeps it as a value.
  EXPECT_EQ(output("defn main = { case 3 > 4 of { True -> { False } "
                   "b -> { b } } }"),
            "False\n");
  EXPECT_EQ(output("defn main = { case 1 of { 2 -> { 3 } } }"),
            "|runtime error: no matching case branch");
}

TEST(GCompile, CaseBranchesJoinInStrictContexts) {
  EXPECT_EQ(output(ListDecl + "defn f l = { 1 + case l of { Nil -> { 0 } "
                              "Cons x _ -> { x * 10 } } + 1 }\n"
                              "defn main = { f (Cons 4 Nil) + f Nil }"),
            "44\n");
  EXPECT_EQ(output(ListDecl + "defn f l = { case case l of { Nil -> { Nil } "
                              "Cons _ xs -> { xs } } of { Nil -> { 0 } "
                              "Cons y _ -> { y } } }\n"
                              "defn main = { f (Cons 1 (Cons 2 Nil)) }"),
            "2\n");
}

TEST(GCompile, LetValuesAreSharedAndMayBeCyclic) {
  EXPECT_EQ(output("defn main = { let { defn y = { 2 * 3 } } in { y * y } }"),
            "36\n");
  EXPECT_EQ(output(ListDecl +
                   "defn take n l = { if n == 0 then { Nil } else { case l of "
                   "{ Nil -> { Nil } Cons x xs -> { Cons x (take (n - 1) xs) } "
                   "} } }\n"
                   "defn main = { let { defn ones = { Cons 1 twos } "
                   "defn twos = { Cons 2 ones } } in { take 3 ones } }"),
            "Cons 1 (Cons 2 (Cons 1 Nil))\n");
  EXPECT_EQ(output("defn main = { let { defn x = { x + 1 } } in { x } }"),
            "|runtime error: <<loop>>");
  EXPECT_EQ(output("defn main = { let { defn x = { x } } in { 1 } }"), "1\n");
}

TEST(GCompile, LocalFunctionsAndClosures) {
  EXPECT_EQ(output("defn f a = { let { defn g x = { x + a } "
                   "defn h y = { g (g y) } } in { h 1 } }\n"
                   "defn main = { f 10 }"),
            "21\n");
  EXPECT_EQ(output("defn compose f g = { \\x -> { f (g x) } }\n"
                   "defn main = { compose (\\x -> { x * 2 }) (\\y -> { y + 1 "
                   "}) 5 }"),
            "12\n");
  // Over-saturated and partial applications of known functions.
  EXPECT_EQ(output("defn k x = { \\y -> { x } }\ndefn add x y = { x + y }\n"
                   "defn apply f x = { f x }\n"
                   "defn main = { k 1 2 + apply (add 3) 4 }"),
            "8\n");
  EXPECT_EQ(output(ListDecl + "defn main = { let { defn c = { Cons 1 } } in "
                              "{ c Nil } }"),
            "Cons 1 Nil\n");
  EXPECT_EQ(output("defn add x y = { x + y }\ndefn main = { add 1 }"),
            "<function>\n");
}

TEST(GCompile, ArgumentsAreEvaluatedOnlyWhenNeeded) {
  EXPECT_EQ(output("defn k x y = { x }\ndefn main = { k 1 (1 / 0) }"), "1\n");
  EXPECT_EQ(output("defn k x y = { x }\ndefn loop = { loop }\n"
                   "defn main = { k 2 loop }"),
            "2\n");
  // Left operand first.
  EXPECT_EQ(output("defn loop = { loop }\ndefn main = { 1 / 0 + loop }"),
            "|runtime error: division by zero");
  EXPECT_EQ(output("defn loop = { loop }\ndefn main = { loop + 1 / 0 }"),
            "|runtime error: <<loop>>");
  // A case forces its scrutinee even with only a variable pattern.
  EXPECT_EQ(output("defn main = { case 1 / 0 of { x -> { 5 } } }"),
            "|runtime error: division by zero");
}

TEST(GCompile, AnArgumentIsEvaluatedOnce) {
  // square's argument is a thunk of nfib 15, entered once however often it
  // is used.
  RunResult r = run("defn nfib n = { if n < 2 then { 1 } else { nfib (n - 1) "
                    "+ nfib (n - 2) + 1 } }\n"
                    "defn square x = { x * x }\n"
                    "defn main = { square (nfib 15) }");
  EXPECT_EQ(r.output, "3892729\n");
  EXPECT_EQ(r.thunksEntered, 1u);
}

TEST(GCompile, OutputBeforeAnErrorIsKept) {
  EXPECT_EQ(output(ListDecl + "defn main = { Cons 1 (Cons (2 / 0) Nil) }"),
            "Cons 1 (Cons |runtime error: division by zero");
}

// ---- How: the strict scheme -------------------------------------------------

TEST(GCompileStrict, NfibRunsWithoutSpinesOrThunks) {
  RunResult r = test::runProgram(compile(NfibProgram, true));
  EXPECT_EQ(r.output, "1973\n");
  EXPECT_EQ(r.executed[Op::MkApp], 0u);
  EXPECT_EQ(r.spinesUnwound, 0u);
  EXPECT_EQ(r.thunksEntered, 0u);
  // Its Int result stays unboxed: the only numbers made are the arguments
  // of the calls.
  EXPECT_EQ(r.executed[Op::MkInt], r.executed[Op::CallInt]);
}

TEST(GCompileStrict, NfibListing) {
  // n is evaluated in place once; n - 1 and n - 2 are computed at once
  // (speculated: n is known evaluated) rather than as thunks; the calls are
  // direct and return unboxed Ints. n is not needed during the second
  // call: its slot is dropped from under the argument, so that its node
  // can be collected and the frame keeps nothing on the stack.
  EXPECT_EQ(listing(compile(NfibProgram, true), "nfib"),
            "nfib (arity 1, Int result):\n"
            "  Eval 0\n"
            "  Push 0\n"
            "  Get\n"
            "  PushBasic 2\n"
            "  PrimOp <\n"
            "  Jump on Bool\n"
            "    True:\n"
            "      PushBasic 1\n"
            "      ReturnInt\n"
            "    False:\n"
            "      Push 0\n"
            "      Get\n"
            "      PushBasic 1\n"
            "      PrimOp -\n"
            "      MkInt\n"
            "      CallInt nfib\n"
            "      Push 0\n"
            "      Get\n"
            "      PushBasic 2\n"
            "      PrimOp -\n"
            "      MkInt\n"
            "      Slide 1\n"
            "      CallInt nfib\n"
            "      PrimOp +\n"
            "      PushBasic 1\n"
            "      PrimOp +\n"
            "      ReturnInt\n");
}

TEST(GCompileStrict, AWorkerTakesAndPassesItsIntsUnboxed) {
  // After the passes nfib has a worker that takes n unboxed: its calls
  // pass n - 1 and n - 2 as numbers on V, and no number node is made.
  // (Call-by-value made each argument a case binder, hence the copy
  // PushV 0 and the SlideV after the call: moves between registers.)
  GProgram program = test::compileOptimised(NfibProgram);
  EXPECT_EQ(test::checkCode(program), "");
  EXPECT_EQ(listing(program, "$wnfib"),
            "$wnfib (arity 1, unboxed 1, Int result):\n"
            "  PushV 0\n"
            "  PushBasic 2\n"
            "  PrimOp <\n"
            "  Jump on Bool\n"
            "    True:\n"
            "      PushBasic 1\n"
            "      ReturnInt\n"
            "    False:\n"
            "      PushV 0\n"
            "      PushBasic 1\n"
            "      PrimOp -\n"
            "      PushV 0\n"
            "      CallInt $wnfib\n"
            "      SlideV 1\n"
            "      PushV 1\n"
            "      PushBasic 2\n"
            "      PrimOp -\n"
            "      PushV 0\n"
            "      CallInt $wnfib\n"
            "      SlideV 1\n"
            "      PrimOp +\n"
            "      PushBasic 1\n"
            "      PrimOp +\n"
            "      ReturnInt\n");
  // The function itself is the wrapper, for every other use.
  EXPECT_EQ(listing(program, "nfib"), "nfib (arity 1, Int result):\n"
                                      "  Eval 0\n"
                                      "  Push 0\n"
                                      "  Get\n"
                                      "  TailCall $wnfib\n");
  RunResult r = test::runProgram(program);
  EXPECT_EQ(r.output, "1973\n");
  EXPECT_EQ(r.executed[Op::MkInt], 0u);
}

TEST(GCompileStrict, ABoolResultIsReturnedUnboxed) {
  // isEven and isOdd return 0 or 1 on V and jump to each other; main
  // branches on the value. No False or True node is made or taken apart.
  std::string parity = "defn isEven n = { if n == 0 then { True } else { "
                       "isOdd (n - 1) } }\n"
                       "defn isOdd n = { if n == 0 then { False } else { "
                       "isEven (n - 1) } }\n";
  GProgram program = compile(
      parity + "defn main = { if isEven 10 then { 1 } else { 2 } }", true);
  EXPECT_EQ(listing(program, "isEven").substr(0, 31),
            "isEven (arity 1, Bool result):\n");
  RunResult r = test::runProgram(program);
  EXPECT_EQ(r.output, "1\n");
  EXPECT_EQ(r.executed[Op::MkBool], 0u);
  EXPECT_EQ(r.executed[Op::Pack], 0u);
  EXPECT_EQ(r.executed[Op::Tag], 0u);
  // Lazily, as thunks, the values are False and True again.
  EXPECT_EQ(output(ListDecl + parity +
                   "defn main = { Cons (isEven 3) (Cons (isOdd 3) Nil) }"),
            "Cons False (Cons True Nil)\n");
}

TEST(GCompileStrict, WrappersServeUnknownCallsThunksAndPartialApplications) {
  // scale's worker takes both unboxed, keep's takes n and a list node; the
  // wrapper of scale is reached through map, and twice's through apply,
  // with an argument still a thunk. (Without specialisation and inlining,
  // which would make those calls known.)
  std::string text =
      ListDecl + "defn scale k x = { k * x }\n"
                 "defn map f l = { case l of { Nil -> { Nil } Cons x xs -> { "
                 "Cons (f x) (map f xs) } } }\n"
                 "defn sum l = { case l of { Nil -> { 0 } Cons x xs -> { x + "
                 "sum xs } } }\n"
                 "defn keep n l = { if n == 0 then { sum l } else { case l of "
                 "{ Nil -> { keep (n - 1) l } Cons _ t -> { keep (n - 1) t } "
                 "} } }\n"
                 "defn twice n = { n + n }\n"
                 "defn apply f x = { f x }\n"
                 "defn main = { keep 2 (map (scale 3) (Cons 1 (Cons 2 (Cons "
                 "(apply twice (sum (Cons 4 Nil))) Nil)))) + scale 2 5 + twice "
                 "1 }";
  core::Program core = test::liftValid(text);
  passes::analyseStrictness(core);
  passes::callByValue(core);
  passes::chooseWorkers(core);
  GProgram program = compileProgram(core);
  EXPECT_EQ(test::checkCode(program), "");
  EXPECT_EQ(listing(program, "$wscale").substr(0, 38),
            "$wscale (arity 2, unboxed 1 2, Int res");
  EXPECT_EQ(listing(program, "$wkeep").substr(0, 35),
            "$wkeep (arity 2, unboxed 1, Int res");
  RunResult r = test::runProgram(program);
  EXPECT_EQ(r.output, "36\n");
  EXPECT_EQ(r.error, "");
}

/// The nodes on the stack, counted from the frame's first argument, at
/// each Call and CallInt of callee in the code of the supercombinator
/// called name, in the order of the listing.
std::vector<unsigned> depthsAtCalls(const GProgram &program,
                                    const std::string &name,
                                    const std::string &callee) {
  std::vector<unsigned> depths;
  std::function<void(const Code &, unsigned)> walk = [&](const Code &code,
                                                         unsigned depth) {
    for (const Instruction &i : code) {
      if ((i.op == Op::Call || i.op == Op::CallInt) &&
          program.globals[size_t(i.n)].name == callee)
        depths.push_back(depth);
      StackEffect effect = stackEffect(i, program);
      depth = depth - effect.popNodes + effect.pushNodes;
      for (const JumpBranch &b : i.branches)
        walk(b.code, depth);
    }
  };
  for (const Supercombinator &sc : program.globals)
    if (sc.name == name)
      walk(sc.code, sc.nodeParams());
  return depths;
}

TEST(GCompileStrict, ACallReleasesTheSlotsNothingReadsAfterIt) {
  // In 1 + ones rest the list cell, its fields and the evaluated bit are
  // dead: they are dropped from under the argument before the call, so
  // that the collector need not keep the list while the recursion runs,
  // and the recursion keeps nothing of its frames on the node stack. The
  // case on the bit replaces its scrutinee by no fields: the argument
  // pushed in that slot's place must stay.
  std::string text = ListDecl + "data Bit = { O, I }\n"
                                "defn ones bs = { case bs of { Nil -> { 0 } "
                                "Cons b rest -> { case b of { O -> { ones rest "
                                "} I -> { 1 + ones rest } } } } }\n"
                                "defn main = { ones (Cons I (Cons O (Cons I "
                                "Nil))) }";
  GProgram program = compile(text, true);
  EXPECT_EQ(depthsAtCalls(program, "ones", "ones"), std::vector<unsigned>{1});
  EXPECT_EQ(count(program, "ones", Op::Clear), 0u);
  EXPECT_EQ(output(text), "2\n");
  // Not only before the last call: l is dead once len l has it (n is a
  // value, unboxed: no slot).
  std::string later =
      LenDecl + "defn f l = { case len l of { n -> { n + len (Cons n Nil) } "
                "} }\n"
                "defn main = { f (Cons 5 (Cons 6 Nil)) }";
  GProgram second = compile(later, true);
  EXPECT_EQ(depthsAtCalls(second, "f", "len"), (std::vector<unsigned>{1, 1}));
  EXPECT_EQ(output(later), "3\n");
  // A dead slot below one still needed cannot be dropped: it is emptied.
  // During len l, m (the first argument, on top of l) is still needed.
  std::string below = LenDecl +
                      "defn g m l = { case len l of { n -> { n + len m } } }\n"
                      "defn main = { g (Cons 7 Nil) (Cons 5 (Cons 6 Nil)) }";
  GProgram third = compile(below, true);
  EXPECT_EQ(depthsAtCalls(third, "g", "len"), (std::vector<unsigned>{3, 1}));
  EXPECT_EQ(count(third, "g", Op::Clear), 1u);
  EXPECT_EQ(output(below), "3\n");
}

TEST(GCompileStrict, ADropUnderACaseThatJoinsStaysAboveItsBase) {
  // The case on the Bool in B comes back to its base after its branches,
  // all at one depth: the call in one branch may not drop the slots
  // below it (l, dead then), which the other branch does not; l is
  // emptied instead. Under a case with one alternative nothing joins: the
  // call drops k and l.
  std::string text =
      LenDecl + "defn h l k = { 1 + (if k > 0 then { len l } else { k }) }\n"
                "defn j l k = { 1 + (case k + 1 of { n -> { n + len l } }) }\n"
                "defn main = { h (Cons 1 Nil) 1 + h Nil 0 + j (Cons 1 Nil) 1 }";
  GProgram program = compile(text, true);
  EXPECT_EQ(depthsAtCalls(program, "h", "len"), std::vector<unsigned>{3});
  EXPECT_EQ(count(program, "h", Op::Clear), 1u);
  EXPECT_EQ(depthsAtCalls(program, "j", "len"), std::vector<unsigned>{1});
  EXPECT_EQ(output(text), "7\n");
}

TEST(GCompileStrict, TailCallsAreJumps) {
  // acc is forced at each step, so that no chain of thunks builds up.
  std::string text = "defn loop n acc = { if n == 0 then { acc } else { "
                     "case acc of { a -> { loop (n - 1) (a + 1) } } } }\n"
                     "defn main = { loop 100000 0 }";
  GProgram program = compile(text, true);
  EXPECT_EQ(count(program, "loop", Op::TailCall), 1u);
  EXPECT_EQ(count(program, "loop", Op::Call), 0u);
  EXPECT_EQ(test::runProgram(program).output, "100000\n");
}

TEST(GCompileStrict, LazyCallsOfKnownFunctionsAreThunks) {
  GProgram program = compile(ListDecl + "defn from n = { Cons n (from (n + 1)) "
                                        "}\ndefn main = { from 1 }",
                             true);
  // from (n + 1): n is not evaluated, so n + 1 is a thunk of its own.
  EXPECT_EQ(listing(program, "from"), "from (arity 1):\n"
                                      "  Push 0\n"
                                      "  MkThunk from$thunk1\n"
                                      "  MkThunk from\n"
                                      "  Push 1\n"
                                      "  Pack Cons 2\n"
                                      "  Return\n");
  EXPECT_EQ(listing(program, "from$thunk1"), "from$thunk1 (arity 1, Int "
                                             "result):\n"
                                             "  Eval 0\n"
                                             "  Push 0\n"
                                             "  Get\n"
                                             "  PushBasic 1\n"
                                             "  PrimOp +\n"
                                             "  ReturnInt\n");
  EXPECT_EQ(count(program, "from", Op::MkApp), 0u);
}

TEST(GCompileStrict, OnlySafeArithmeticIsSpeculated) {
  // n is evaluated by the comparison: n / 2 cannot fail, n / d might.
  GProgram program = compile("defn g x = { 1 }\n"
                             "defn f n d = { if n == 0 then { 0 } else { "
                             "g (n / 2) + g (n / d) } }\n"
                             "defn main = { f 4 0 }",
                             true);
  EXPECT_EQ(count(program, "f", Op::MkThunk), 1u);
  EXPECT_EQ(test::runProgram(program).output, "2\n");
}

TEST(GCompileStrict, ACaseOnANumberBindsItUnboxed) {
  GProgram program = compile("defn f x = { case x + 1 of { 0 -> { 0 } "
                             "y -> { y * y } } }\ndefn main = { f 2 }",
                             true);
  EXPECT_EQ(count(program, "f", Op::MkInt), 0u);
  EXPECT_EQ(count(program, "f", Op::Get), 1u);
  EXPECT_EQ(test::runProgram(program).output, "9\n");
}

TEST(GCompileStrict, UnknownCallsBuildNoSpine) {
  // In tail position an unknown call is a jump (TailApply), in a strict
  // context a call (Apply); neither builds the application.
  GProgram program = compile("defn apply f x = { f x }\n"
                             "defn twice f x = { f (f x) + 0 }\n"
                             "defn main = { apply (\\y -> { y + 1 }) 1 + "
                             "twice (\\y -> { y * 3 }) 2 }",
                             true);
  EXPECT_EQ(listing(program, "apply"), "apply (arity 2):\n"
                                       "  Push 1\n"
                                       "  Push 1\n"
                                       "  TailApply 1\n");
  EXPECT_EQ(count(program, "twice", Op::Apply), 1u);
  EXPECT_EQ(count(program, "twice", Op::MkApp), 1u); // the lazy f x
  EXPECT_EQ(test::runProgram(program).output, "20\n");
}

TEST(GCompileStrict, IndependentLetValuesNeedNoHoles) {
  GProgram program = compile("defn f n = { let { defn a = { n + 1 } "
                             "defn b = { n * 2 } } in { a + b } }\n"
                             "defn g n = { let { defn a = { b } defn b = { n } "
                             "} in { a } }\n"
                             "defn main = { f 1 + g 2 }",
                             true);
  EXPECT_EQ(count(program, "f", Op::Alloc), 0u);
  EXPECT_EQ(count(program, "g", Op::Alloc), 1u);
  EXPECT_EQ(test::runProgram(program).output, "6\n");
}

// ---- How: the plain scheme --------------------------------------------------

TEST(GCompilePlain, EveryCallGoesThroughTheUnwindLoop) {
  GProgram program = compile(NfibProgram, false);
  for (const Supercombinator &sc : program.globals) {
    EXPECT_FALSE(sc.intResult) << sc.name;
    for (Op op : {Op::Call, Op::CallInt, Op::TailCall, Op::MkThunk})
      EXPECT_EQ(count(program, sc.name, op), 0u) << sc.name;
  }
  RunResult r = test::runProgram(program);
  EXPECT_EQ(r.output, "1973\n");
  EXPECT_GT(r.spinesUnwound, 1000u);
}

TEST(GCompilePlain, LengthListing) {
  EXPECT_EQ(listing(compile(ListDecl + "defn length l = { case l of { "
                                       "Nil -> { 0 } Cons x xs -> { 1 + "
                                       "length xs } } }\n"
                                       "defn main = { length Nil }",
                            false),
                    "length"),
            "length (arity 1):\n"
            "  Push 0\n"
            "  Eval 0\n"
            "  Jump\n"
            "    Nil:\n"
            "      Split 0\n"
            "      PushInt 0\n"
            "      Return\n"
            "    Cons:\n"
            "      Split 2\n"
            "      PushBasic 1\n"
            "      Push 1\n"
            "      PushGlobal length\n"
            "      MkApp\n"
            "      Eval 0\n"
            "      Get\n"
            "      PrimOp +\n"
            "      MkInt\n"
            "      Return\n");
}

TEST(GCompilePlain, LazyOperatorsAreSupercombinators) {
  GProgram program = compile("defn k x y = { x }\n"
                             "defn main = { k 1 (2 + 3) }",
                             false);
  EXPECT_EQ(listing(program, "+"), "+ (arity 2):\n"
                                   "  Push 0\n"
                                   "  Eval 0\n"
                                   "  Get\n"
                                   "  Push 1\n"
                                   "  Eval 0\n"
                                   "  Get\n"
                                   "  PrimOp +\n"
                                   "  MkInt\n"
                                   "  Return\n");
}

// ---- Naming -----------------------------------------------------------------

TEST(GCompile, LiftedSupercombinatorsAreNamedAfterTheirOwner) {
  GProgram program = compile(R"(
defn apply g x = { g x }
defn f a = {
  let { defn double x = { x * 2 } } in {
    apply (\y -> { double y + a })
          (let { defn double z = { z + a } } in {
             apply double (if a < 0 then { 0 } else { a }) })
  }
}
defn main = { f (case 1 of { n -> { n } }) }
)",
                             true);
  std::vector<std::string> names;
  for (const Supercombinator &sc : program.globals)
    names.push_back(sc.name + "/" + std::to_string(sc.arity));
  EXPECT_EQ(names, (std::vector<std::string>{
                       "apply/2", "f/1", "main/0", "f$double/1", "f$lambda1/2",
                       "f$double2/2", "f$if1/1", "main$case1/0"}));
}

} // namespace
} // namespace lazyc
