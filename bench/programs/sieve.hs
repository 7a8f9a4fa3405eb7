-- sieve: a lazy sieve of Eratosthenes over an infinite list: each prime
-- filters the multiples of itself out of the rest (like bench/sieve3000.txt),
-- so a chain of thousands of filter closures builds up. Prints the Nth
-- prime, N = 6000: 59359. (Twin of sieve.txt.)
import Prelude hiding (filter)

data List a = Nil | Cons a (List a) deriving Show

from :: Int -> List Int
from n = Cons n (from (n + 1))

filter :: (a -> Bool) -> List a -> List a
filter p l = case l of
  Nil -> Nil
  Cons x xs -> if p x then Cons x (filter p xs) else filter p xs

sieve :: List Int -> List Int
sieve l = case l of
  Nil -> Nil
  Cons p xs -> Cons p (sieve (filter (\x -> x `rem` p /= 0) xs))

nth :: Int -> List Int -> Int
nth n l = case l of { Nil -> 0; Cons x xs -> if n == 1 then x else nth (n - 1) xs }

main :: IO ()
main = print (nth 6000 (sieve (from 2)))
