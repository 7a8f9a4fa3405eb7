//===- passes_test.cpp - Tests of the Core to Core passes -----------------===//
//
// Each pass is run alone on small programs: what it rewrites is read back
// from the printed Core, the invariants are checked, and the program must
// compute the same before and after (run by the G-code interpreter).
//
//===----------------------------------------------------------------------===//

#include "compiler_test_support.h"
#include "gcode_interpreter.h"
#include "passes/passes.h"

#include <gtest/gtest.h>

#include <set>

namespace lazyc {
namespace {

using test::functionOf;

/// What the program prints (or its error), run by the interpreter.
std::string outputOf(const core::Program &program) {
  test::RunResult r = test::runProgram(compileProgram(program));
  return r.output + r.error;
}

/// The printed Core of a program after the pass, which must keep the
/// invariants and what the program prints.
std::string rewritten(const std::string &text, void (*pass)(core::Program &)) {
  core::Program program = test::liftValid(text);
  std::string before = outputOf(program);
  pass(program);
  EXPECT_EQ(core::checkProgram(program), "");
  EXPECT_EQ(outputOf(program), before) << "the pass changed the meaning";
  return test::printedCore(program);
}

TEST(Passes, EveryPassHasItsOwnName) {
  std::set<std::string> names;
  for (const passes::Pass &pass : passes::all())
    EXPECT_TRUE(names.insert(pass.name).second) << pass.name;
  EXPECT_EQ(names, (std::set<std::string>{"arity", "known-case", "specialise",
                                          "inline", "strictness",
                                          "call-by-value", "worker-wrapper"}));
}

// ---- arity ------------------------------------------------------------------

TEST(PassArity, AFunctionReturningALambdaTakesItsArgument) {
  std::string core = rewritten("defn compose f g = { \\x -> { f (g x) } }\n"
                               "defn main = { compose (\\x -> { x * 2 }) "
                               "(\\y -> { y + 1 }) 5 }",
                               passes::raiseArity);
  EXPECT_EQ(functionOf(core, "compose"),
            "compose :: (a -> b) -> (c -> a) -> c -> b\n"
            "compose f g arg3 = compose$lambda1 f g arg3\n");
}

TEST(PassArity, RaisingOneArityMayRaiseAnother) {
  std::string core = rewritten("defn add x y = { x + y }\n"
                               "defn inc = { add 1 }\n"
                               "defn twice f = { \\x -> { f (f x) } }\n"
                               "defn incTwice = { twice inc }\n"
                               "defn main = { incTwice 5 }",
                               passes::raiseArity);
  EXPECT_EQ(functionOf(core, "inc"), "inc :: Int -> Int\n"
                                     "inc arg1 = add 1 arg1\n");
  EXPECT_EQ(functionOf(core, "twice"), "twice :: (a -> a) -> a -> a\n"
                                       "twice f arg2 = twice$lambda1 f arg2\n");
  EXPECT_EQ(functionOf(core, "incTwice"), "incTwice :: Int -> Int\n"
                                          "incTwice arg1 = twice inc arg1\n");
}

TEST(PassArity, WorkIsNeverRepeated) {
  // The argument of add is not an atom: making pairUp a function would
  // compute nfib 20 at every call instead of once.
  std::string text = "defn add x y = { x + y }\n"
                     "defn nfib n = { if n < 2 then { 1 } else { nfib (n - 1) "
                     "+ nfib (n - 2) } }\n"
                     "defn shared = { add (nfib 20) }\n"
                     "defn main = { shared 1 + shared 2 }";
  std::string core = rewritten(text, passes::raiseArity);
  EXPECT_EQ(functionOf(core, "shared"), "shared :: Int -> Int\n"
                                        "shared = add (nfib 20)\n");
}

TEST(PassArity, MainStaysAValue) {
  std::string core = rewritten(
      "defn add x y = { x + y }\ndefn main = { add 1 }", passes::raiseArity);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int -> Int\n"
                                      "main = add 1\n");
}

// ---- known-case -------------------------------------------------------------

TEST(PassKnownCase, AKnownConstructorBindsItsFields) {
  std::string core = rewritten(
      "data List a = { Nil, Cons a (List a) }\n"
      "defn f a b = { case Cons a b of { Nil -> { 0 } Cons x xs -> { x } } }\n"
      "defn main = { f 1 Nil }",
      passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "f"), "f :: Int -> List Int -> Int\n"
                                   "f a b =\n"
                                   "  let\n"
                                   "    x = a\n"
                                   "    xs = b\n"
                                   "  in x\n");
}

TEST(PassKnownCase, AKnownNumberTakesItsAlternativeOrTheDefault) {
  std::string core =
      rewritten("defn f = { case 3 of { 2 -> { 20 } 3 -> { 30 } "
                "n -> { n } } }\n"
                "defn g = { case 7 of { 2 -> { 20 } n -> { n } } "
                "}\ndefn main = { f + g }",
                passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "f"), "f :: Int\nf = 30\n");
  EXPECT_EQ(functionOf(core, "g"), "g :: Int\n"
                                   "g =\n"
                                   "  let\n"
                                   "    n = 7\n"
                                   "  in n\n");
}

TEST(PassKnownCase, FieldsStayLazy) {
  std::string core =
      rewritten("data P = { P Int Int }\n"
                "defn main = { case P 1 (1 / 0) of { P a _ -> { a } } }",
                passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  let\n"
                                      "    a = 1\n"
                                      "  in a\n");
}

TEST(PassKnownCase, NoMatchingAlternativeStaysARuntimeError) {
  std::string core = rewritten("data T = { A, B }\n"
                               "defn main = { case B of { A -> { 1 } } }",
                               passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  case B of\n"
                                      "    A -> 1\n");
}

// ---- specialise -------------------------------------------------------------

const std::string MapProgram = "data List a = { Nil, Cons a (List a) }\n"
                               "defn map f l = { case l of { Nil -> { Nil } "
                               "Cons x xs -> { Cons (f x) (map f xs) } } }\n"
                               "defn sum l = { case l of { Nil -> { 0 } Cons x "
                               "xs -> { x + sum xs } } }\n";

TEST(PassSpecialise, AKnownFunctionArgumentGetsACopyWithKnownCalls) {
  std::string core =
      rewritten(MapProgram + "defn add k x = { x + k }\n"
                             "defn main = { sum (map (add 3) (Cons 1 (Cons 2 "
                             "Nil))) + sum (map (add 3) Nil) }",
                passes::specialise);
  // The captured number is built into the copy; both calls share it; the
  // copy is typed for Ints.
  EXPECT_EQ(functionOf(core, "map$spec1"),
            "map$spec1 :: List Int -> List Int\n"
            "map$spec1 l =\n"
            "  case l of\n"
            "    Nil -> Nil\n"
            "    Cons x xs -> Cons (add 3 x) (map$spec1 xs)\n");
  EXPECT_EQ(functionOf(core, "main"),
            "main :: Int\n"
            "main = sum (map$spec1 (Cons 1 (Cons 2 Nil))) + sum (map$spec1 "
            "Nil)\n");
  EXPECT_EQ(functionOf(core, "map$spec2"), "<no function map$spec2>");
}

TEST(PassSpecialise, CapturedVariablesBecomeParameters) {
  std::string core = rewritten(
      MapProgram + "defn add k x = { x + k }\n"
                   "defn shift k l = { map (add k) l }\n"
                   "defn main = { sum (shift 4 (Cons 1 (Cons 2 Nil))) }",
      passes::specialise);
  EXPECT_EQ(functionOf(core, "map$spec1"),
            "map$spec1 :: Int -> List Int -> List Int\n"
            "map$spec1 k l =\n"
            "  case l of\n"
            "    Nil -> Nil\n"
            "    Cons x xs -> Cons (add k x) (map$spec1 k xs)\n");
}

TEST(PassSpecialise, AFunctionGivenAPartialApplicationOfItself) {
  // map (map inc): the partial application map inc becomes map's copy
  // for inc, and the outer map's copy calls it; each copy's own calls are
  // of itself.
  std::string core = rewritten(
      MapProgram + "defn inc x = { x + 1 }\n"
                   "defn main = { sum (map sum (map (map inc) (Cons (Cons 1 "
                   "Nil) Nil))) }",
      passes::specialise);
  EXPECT_EQ(functionOf(core, "map$spec1"),
            "map$spec1 :: List Int -> List Int\n"
            "map$spec1 l =\n"
            "  case l of\n"
            "    Nil -> Nil\n"
            "    Cons x xs -> Cons (inc x) (map$spec1 xs)\n");
  EXPECT_EQ(functionOf(core, "map$spec2"),
            "map$spec2 :: List (List Int) -> List (List Int)\n"
            "map$spec2 l =\n"
            "  case l of\n"
            "    Nil -> Nil\n"
            "    Cons x xs -> Cons (map$spec1 x) (map$spec2 xs)\n");
}

TEST(PassSpecialise, AClosureOfKnownFunctionsBecomesOneKnownFunction) {
  // compose (add k) (add 1), a partial application, is made of compose's
  // copy for add k, and that copy's for add 1: a partial application of a
  // function whose calls are all known.
  std::string core = rewritten("defn compose f g = { \\x -> { f (g x) } }\n"
                               "defn add a b = { a + b }\n"
                               "defn apply f x = { f x }\n"
                               "defn mk k = { compose (add k) (add 1) }\n"
                               "defn main = { apply (mk 3) 4 }",
                               [](core::Program &program) {
                                 passes::raiseArity(program);
                                 passes::specialise(program);
                               });
  EXPECT_EQ(functionOf(core, "mk"), "mk :: Int -> Int -> Int\n"
                                    "mk k = compose$spec1$spec2 k\n");
}

TEST(PassSpecialise, ACopyTakesANameNoFunctionHas) {
  // map's local function spec1 is lifted as map$spec1: the copy for add 3
  // is map$spec2, and the local function's own copy is named after it.
  std::string core = rewritten(
      "data List a = { Nil, Cons a (List a) }\n"
      "defn map f l = { let { defn spec1 x = { f x } } in { case l of { Nil "
      "-> { Nil } Cons x xs -> { Cons (spec1 x) (map f xs) } } } }\n"
      "defn add k x = { x + k }\n"
      "defn len l = { case l of { Nil -> { 0 } Cons _ t -> { 1 + len t } } }\n"
      "defn main = { len (map (add 3) (Cons 1 Nil)) }",
      passes::specialise);
  EXPECT_EQ(functionOf(core, "map$spec2"),
            "map$spec2 :: List Int -> List Int\n"
            "map$spec2 l =\n"
            "  case l of\n"
            "    Nil -> Nil\n"
            "    Cons x xs -> Cons (map$spec1$spec3 x) (map$spec2 xs)\n");
}

TEST(PassSpecialise, OnlyAParameterPassedOnUnchangedIsSpecialised) {
  // alternate swaps its two functions at every step: neither is static.
  std::string text = MapProgram +
                     "defn alternate f g l = { case l of { Nil -> { Nil } "
                     "Cons x xs -> { Cons (f x) (alternate g f xs) } } }\n"
                     "defn inc x = { x + 1 }\n"
                     "defn dec x = { x - 1 }\n"
                     "defn main = { sum (alternate inc dec (Cons 1 (Cons 2 "
                     "(Cons 3 Nil)))) }";
  std::string core = rewritten(text, passes::specialise);
  EXPECT_EQ(functionOf(core, "alternate$spec1"),
            "<no function alternate$spec1>");
  EXPECT_EQ(core, test::printedCore(test::liftValid(text)));
}

// ---- inline -----------------------------------------------------------------

TEST(PassInline, ASmallFunctionIsReplacedByItsBody) {
  std::string core = rewritten("defn add k x = { x + k }\n"
                               "defn main = { add 1 2 * add 3 4 }",
                               passes::inlineSmallFunctions);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main = (2 + 1) * (4 + 3)\n");
}

TEST(PassInline, AnArgumentUsedTwiceIsSharedAndOneUnusedIsDropped) {
  std::string core = rewritten("defn twice x y = { x + x }\n"
                               "defn main = { twice (3 * 4) (1 / 0) }",
                               passes::inlineSmallFunctions);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  let\n"
                                      "    x = 3 * 4\n"
                                      "  in x + x\n");
}

TEST(PassInline, RecursiveFunctionsStay) {
  std::string text = "defn loop n = { if n == 0 then { 0 } else { loop (n - "
                     "1) } }\n"
                     "defn main = { loop 3 }";
  EXPECT_EQ(rewritten(text, passes::inlineSmallFunctions),
            test::printedCore(test::liftValid(text)));
}

// ---- strictness -------------------------------------------------------------

/// The strictness signature of function `name` in a program, as --emit-core
/// prints it after the analysis: <S> for a strict parameter, <L> a lazy one.
std::string signatureOf(const std::string &text, const std::string &name) {
  std::string f = functionOf(rewritten(text, passes::analyseStrictness), name);
  size_t start = f.find("-- Str=");
  if (start == std::string::npos)
    return "<no signature>";
  start += 7;
  return f.substr(start, f.find('\n', start) - start);
}

TEST(PassStrictness, ArithmeticIsStrictInBothOperands) {
  EXPECT_EQ(signatureOf("defn add x y = { x + y }\n"
                        "defn main = { add 1 2 }",
                        "add"),
            "<S><S>");
}

TEST(PassStrictness, AnIfIsStrictInItsConditionAndInWhatBothBranchesNeed) {
  std::string text = "defn choose c x y = { if c then { x } else { y } }\n"
                     "defn bump c x = { if c then { x + 1 } else { x } }\n"
                     "defn main = { choose True (bump False 1) 2 }";
  EXPECT_EQ(signatureOf(text, "choose"), "<S><L><L>");
  EXPECT_EQ(signatureOf(text, "bump"), "<S><S>");
}

TEST(PassStrictness, AnArgumentPassedToALazyPositionIsLazy) {
  std::string text = "data List a = { Nil, Cons a (List a) }\n"
                     "defn wrap x = { Cons x Nil }\n"
                     "defn first x y = { x }\n"
                     "defn passOn x y = { first y x }\n"
                     "defn main = { passOn 1 (wrap 2) }";
  EXPECT_EQ(signatureOf(text, "wrap"), "<L>");
  EXPECT_EQ(signatureOf(text, "first"), "<S><L>");
  EXPECT_EQ(signatureOf(text, "passOn"), "<L><S>");
}

TEST(PassStrictness, MutualRecursionReachesTheFixpoint) {
  // Strict in n through each other; y is returned by g only when n is 0,
  // and f drops it then: neither is strict in y.
  std::string text =
      "defn f n y = { if n == 0 then { 0 } else { g (n - 1) y } }\n"
      "defn g n y = { if n == 0 then { y } else { f (n - 1) y } }\n"
      "defn main = { f 3 4 }";
  EXPECT_EQ(signatureOf(text, "f"), "<S><L>");
  EXPECT_EQ(signatureOf(text, "g"), "<S><L>");
}

TEST(PassStrictness, ARecursiveAccumulatorIsStrict) {
  std::string text = "data List a = { Nil, Cons a (List a) }\n"
                     "defn sum acc l = { case l of { Nil -> { acc } "
                     "Cons x xs -> { sum (acc + x) xs } } }\n"
                     "defn loop x = { loop x }\n"
                     "defn main = { sum 0 (Cons 1 Nil) }";
  EXPECT_EQ(signatureOf(text, "sum"), "<S><S>");
  EXPECT_EQ(signatureOf(text, "loop"), "<S>"); // it never returns
}

TEST(PassStrictness, AFunctionPassedAsAnArgumentIsCalledLazily) {
  std::string text = "defn apply f x = { f x }\n"
                     "defn inc x = { x + 1 }\n"
                     "defn main = { apply inc 1 }";
  EXPECT_EQ(signatureOf(text, "apply"), "<S><L>");
}

TEST(PassStrictness, ALetValueTheBodyNeedsCarriesItsStrictness) {
  std::string text = "defn f x y = { let { defn a = { x * 2 } defn b = "
                     "{ y } } in { a + 1 } }\n"
                     "defn main = { f 1 2 }";
  EXPECT_EQ(signatureOf(text, "f"), "<S><L>");
}

// ---- call-by-value ----------------------------------------------------------

void strictnessThenCallByValue(core::Program &program) {
  passes::analyseStrictness(program);
  passes::callByValue(program);
}

TEST(PassCallByValue, AStrictArgumentIsEvaluatedBeforeTheCall) {
  std::string core = rewritten("defn inc x = { x + 1 }\n"
                               "defn main = { inc (inc 1) }",
                               strictnessThenCallByValue);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  case inc 1 of\n"
                                      "    x -> inc x\n");
}

TEST(PassCallByValue, StrictArgumentsAreEvaluatedLeftToRight) {
  std::string core = rewritten("defn add x y = { x + y }\n"
                               "defn main = { add (add 1 2) (add 3 4) }",
                               strictnessThenCallByValue);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  case add 1 2 of\n"
                                      "    x ->\n"
                                      "      case add 3 4 of\n"
                                      "        y -> add x y\n");
}

TEST(PassCallByValue, LazyArgumentsAndLazyPositionsStayLazy) {
  // first never needs its second argument; the call inside Cons is not
  // evaluated when Cons is built.
  std::string core = rewritten(
      "data List a = { Nil, Cons a (List a) }\n"
      "defn first x y = { x }\n"
      "defn inc x = { x + 1 }\n"
      "defn main = { Cons (inc (inc 1)) (Cons (first 1 (1 / 0)) Nil) }",
      strictnessThenCallByValue);
  EXPECT_EQ(functionOf(core, "main"),
            "main :: List Int\n"
            "main = Cons (inc (inc 1)) (Cons (first 1 (1 / 0)) Nil)\n");
}

TEST(PassCallByValue, ALetValueTheBodyNeedsIsComputedAtOnce) {
  std::string core =
      rewritten("defn f x = { let { defn a = { x * 2 } defn b = { x / 0 } } in "
                "{ if x > 0 then { a } else { a + b } } }\n"
                "defn main = { f 1 }",
                strictnessThenCallByValue);
  EXPECT_EQ(functionOf(core, "f"), "f :: Int -> Int\n"
                                   "-- Str=<S>\n"
                                   "f x =\n"
                                   "  case x * 2 of\n"
                                   "    a ->\n"
                                   "      let\n"
                                   "        b = x / 0\n"
                                   "      in case x > 0 of\n"
                                   "           True -> a\n"
                                   "           False -> a + b\n");
}

TEST(PassCallByValue, ALetWhoseValuesReferToEachOtherStays) {
  std::string text = "data List a = { Nil, Cons a (List a) }\n"
                     "defn len l = { case l of { Nil -> { 0 } Cons _ xs -> "
                     "{ 1 + len xs } } }\n"
                     "defn f x = { let { defn xs = { Cons x ys } defn ys = "
                     "{ Cons x Nil } } in { len xs } }\n"
                     "defn main = { f 1 }";
  core::Program program = test::liftValid(text);
  std::string before = test::printedCore(program);
  std::string after = rewritten(text, strictnessThenCallByValue);
  EXPECT_EQ(
      functionOf(after, "f").substr(functionOf(after, "f").find("f x")),
      functionOf(before, "f").substr(functionOf(before, "f").find("f x")));
}

TEST(PassCallByValue, NothingWithoutTheAnalysis) {
  std::string text = "defn inc x = { x + 1 }\ndefn main = { inc (inc 1) }";
  EXPECT_EQ(rewritten(text, passes::callByValue),
            test::printedCore(test::liftValid(text)));
}

// ---- worker/wrapper ---------------------------------------------------------

void strictnessThenWorkers(core::Program &program) {
  passes::analyseStrictness(program);
  passes::chooseWorkers(program);
}

/// The parameters function `name`'s worker takes unboxed, as --emit-core
/// prints them ("" if it has no worker).
std::string unboxedOf(const std::string &text, const std::string &name) {
  std::string f = functionOf(rewritten(text, strictnessThenWorkers), name);
  std::string marker = "-- Worker: $w" + name + ", unboxed:";
  size_t start = f.find(marker);
  if (start == std::string::npos)
    return "";
  start += marker.size();
  return f.substr(start, f.find('\n', start) - start);
}

TEST(PassWorkerWrapper, StrictIntParametersAreUnboxed) {
  std::string text = "defn tak x y z = { if y < x then { tak (tak (x - 1) y "
                     "z) (tak (y - 1) z x) (tak (z - 1) x y) } else { z } }\n"
                     "defn main = { tak 18 12 6 }";
  EXPECT_EQ(unboxedOf(text, "tak"), " x y z");
}

TEST(PassWorkerWrapper, LazyAndNonIntParametersStayBoxed) {
  std::string text = "data List a = { Nil, Cons a (List a) }\n"
                     "defn pick c x y = { if c > 0 then { x } else { y } }\n"
                     "defn count n l = { case l of { Nil -> { n } "
                     "Cons _ t -> { count (n + 1) t } } }\n"
                     "defn main = { pick 1 (count 0 (Cons 1 Nil)) 3 }";
  EXPECT_EQ(unboxedOf(text, "pick"), " c");
  EXPECT_EQ(unboxedOf(text, "count"), " n");
}

TEST(PassWorkerWrapper, AParameterNeededAsANodeStaysBoxed) {
  // a is a constructor's field, b a thunk's captured variable: unboxed,
  // both would be boxed again at every call.
  std::string text = "data List a = { Nil, Cons a (List a) }\n"
                     "defn upto a b = { if a > b then { Nil } else "
                     "{ Cons a (upto (a + 1) b) } }\n"
                     "defn len l = { case l of { Nil -> { 0 } Cons _ t -> "
                     "{ 1 + len t } } }\n"
                     "defn main = { len (upto 1 5) }";
  EXPECT_EQ(unboxedOf(text, "upto"), "");
}

TEST(PassWorkerWrapper, PassingOnToAWorkerIsANumberUseToAFixpoint) {
  // g passes n to f's worker, which takes it unboxed; h passes m to k,
  // whose parameter a constructor needs boxed: so h's m is boxed too.
  std::string text = "data Box = { Box Int }\n"
                     "defn f x = { x * 2 }\n"
                     "defn g n = { f (n + 1) + f n }\n"
                     "defn k x = { if x > 0 then { Box x } else { Box 0 } }\n"
                     "defn h m = { k m }\n"
                     "defn main = { g 1 + case h 2 of { Box v -> { v } } }";
  EXPECT_EQ(unboxedOf(text, "f"), " x");
  EXPECT_EQ(unboxedOf(text, "g"), " n");
  EXPECT_EQ(unboxedOf(text, "k"), "");
  EXPECT_EQ(unboxedOf(text, "h"), "");
}

TEST(PassWorkerWrapper, AtMostFourParametersAreUnboxed) {
  std::string text = "defn f a b c d e = { a + b + c + d + e }\n"
                     "defn main = { f 1 2 3 4 5 }";
  EXPECT_EQ(unboxedOf(text, "f"), " a b c d");
}

TEST(PassWorkerWrapper, NothingWithoutTheAnalysis) {
  std::string text = "defn inc x = { x + 1 }\ndefn main = { inc (inc 1) }";
  EXPECT_EQ(rewritten(text, passes::chooseWorkers),
            test::printedCore(test::liftValid(text)));
}

} // namespace
} // namespace lazyc
