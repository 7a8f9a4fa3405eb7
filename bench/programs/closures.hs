-- closures: closures and partial applications. A list of 100 functions is
-- built once from the closures adder k, compose (add k) (mulMod 1009 k),
-- flip sub k and twice (compose (adder 1) (flip (mulMod 1013) 3)) for
-- k = 1 .. 25 (lambdas capturing variables, compose, flip, partially applied
-- functions); then every x in 1 .. N (N = 200000) is passed through all of
-- them in turn (modulo 1000003 after each) and the results are summed.
-- Prints the sum. (Twin of closures.txt.)
import Prelude hiding (flip, concatMap)

data List a = Nil | Cons a (List a)

compose :: (b -> c) -> (a -> b) -> a -> c
compose f g = \x -> f (g x)

flip :: (a -> b -> c) -> b -> a -> c
flip f = \a b -> f b a

twice :: (a -> a) -> a -> a
twice f = compose f f

add :: Int -> Int -> Int
add a b = a + b

sub :: Int -> Int -> Int
sub a b = a - b

mulMod :: Int -> Int -> Int -> Int
mulMod m a b = (a * b) `rem` m

adder :: Int -> Int -> Int
adder k = \x -> x + k

range :: Int -> Int -> List Int
range a b = if a > b then Nil else Cons a (range (a + 1) b)

append :: List a -> List a -> List a
append xs ys = case xs of { Nil -> ys; Cons x rest -> Cons x (append rest ys) }

concatMap :: (a -> List b) -> List a -> List b
concatMap f l = case l of { Nil -> Nil; Cons x xs -> append (f x) (concatMap f xs) }

fnsFor :: Int -> List (Int -> Int)
fnsFor k =
  Cons (adder k)
    (Cons (compose (add k) (mulMod 1009 k))
      (Cons (flip sub k)
        (Cons (twice (compose (adder 1) (flip (mulMod 1013) 3))) Nil)))

fns :: List (Int -> Int)
fns = concatMap fnsFor (range 1 25)

applyAll :: List (Int -> Int) -> Int -> Int
applyAll fs x = case fs of
  Nil -> x
  Cons f rest -> let y = f x `rem` 1000003 in y `seq` applyAll rest y

loop :: Int -> Int -> Int -> Int
loop x n acc =
  if x > n then acc
  else let a = acc + applyAll fns x in a `seq` loop (x + 1) n a

main :: IO ()
main = print (loop 1 200000 0)
