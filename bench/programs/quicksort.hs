-- quicksort: quicksort (the head as pivot, the rest split by two filters
-- with lambdas, the sorted parts appended) of N = 300000 pseudo-random Ints
-- from a linear congruential generator (x -> (x * 1103515245 + 12345) % 2^31,
-- element = x / 16384). Prints MkPair (the first 10 sorted elements)
-- (a checksum: the sum of i * x_i mod 1000000007 over the sorted list, i from 1).
-- (Twin of quicksort.txt.)
import Prelude hiding (take, filter)

data List a = Nil | Cons a (List a) deriving Show
data Pair a b = MkPair a b deriving Show

next :: Int -> Int
next x = (x * 1103515245 + 12345) `rem` 2147483648

-- n numbers from seed x; the seed is forced at each cell so that no chain
-- of next thunks builds up
randoms :: Int -> Int -> List Int
randoms n x =
  if n == 0 then Nil
  else x `seq` Cons (x `quot` 16384) (randoms (n - 1) (next x))

filter :: (a -> Bool) -> List a -> List a
filter p l = case l of
  Nil -> Nil
  Cons x xs -> if p x then Cons x (filter p xs) else filter p xs

append :: List a -> List a -> List a
append xs ys = case xs of { Nil -> ys; Cons x rest -> Cons x (append rest ys) }

qsort :: List Int -> List Int
qsort l = case l of
  Nil -> Nil
  Cons p xs ->
    append (qsort (filter (\x -> x < p) xs))
           (Cons p (qsort (filter (\x -> x >= p) xs)))

take :: Int -> List a -> List a
take n l =
  if n == 0 then Nil
  else case l of { Nil -> Nil; Cons x xs -> Cons x (take (n - 1) xs) }

checksum :: Int -> List Int -> Int -> Int
checksum i l acc = case l of
  Nil -> acc
  Cons x xs -> let a = (acc + i * x) `rem` 1000000007 in a `seq` checksum (i + 1) xs a

main :: IO ()
main =
  let sorted = qsort (randoms 300000 42)
  in print (MkPair (take 10 sorted) (checksum 1 sorted 0))
