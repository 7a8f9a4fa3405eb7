-- primes: trial division on Peano naturals (data Nat = Z | S Nat). Every
-- number, square and remainder is a chain of S nodes, so the program
-- allocates many short-lived nodes. Tests the numbers 2 .. LIMIT (LIMIT - 1
-- of them, LIMIT = 4000) for a divisor d with d * d <= n and prints
-- MkPair (number of primes found) (the last of them, as an Int): MkPair 550 3989.
-- (Twin of primes.txt.)
import Prelude hiding (take, filter, length, last)

data Nat = Z | S Nat
data List a = Nil | Cons a (List a) deriving Show
data Pair a b = MkPair a b deriving Show

add :: Nat -> Nat -> Nat
add a b = case a of { Z -> b; S a1 -> S (add a1 b) }

mul :: Nat -> Nat -> Nat
mul a b = case a of { Z -> Z; S a1 -> add b (mul a1 b) }

leq :: Nat -> Nat -> Bool
leq a b = case a of
  Z -> True
  S a1 -> case b of { Z -> False; S b1 -> leq a1 b1 }

-- a - b, for b <= a
minus :: Nat -> Nat -> Nat
minus a b = case b of
  Z -> a
  S b1 -> case a of { Z -> Z; S a1 -> minus a1 b1 }

remN :: Nat -> Nat -> Nat
remN n d = if leq d n then remN (minus n d) d else n

isZero :: Nat -> Bool
isZero n = case n of { Z -> True; S _ -> False }

hasDivisor :: Nat -> Nat -> Bool
hasDivisor n d =
  if leq (mul d d) n
    then (if isZero (remN n d) then True else hasDivisor n (S d))
    else False

two :: Nat
two = S (S Z)

isPrime :: Nat -> Bool
isPrime n = if hasDivisor n two then False else True

naturalsFrom :: Nat -> List Nat
naturalsFrom n = Cons n (naturalsFrom (S n))

take :: Int -> List a -> List a
take k l =
  if k == 0 then Nil
  else case l of { Nil -> Nil; Cons x xs -> Cons x (take (k - 1) xs) }

filter :: (a -> Bool) -> List a -> List a
filter p l = case l of
  Nil -> Nil
  Cons x xs -> if p x then Cons x (filter p xs) else filter p xs

length :: List a -> Int
length l = case l of { Nil -> 0; Cons _ xs -> 1 + length xs }

last :: List Nat -> Nat
last l = case l of
  Nil -> Z
  Cons x xs -> case xs of { Nil -> x; Cons _ _ -> last xs }

toInt :: Nat -> Int
toInt n = case n of { Z -> 0; S m -> 1 + toInt m }

limit :: Int
limit = 4000

main :: IO ()
main =
  let ps = filter isPrime (take (limit - 1) (naturalsFrom two))
  in print (MkPair (length ps) (toInt (last ps)))
