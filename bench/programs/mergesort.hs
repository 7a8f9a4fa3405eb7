-- mergesort: merge sort (split into the elements at even and odd positions,
-- sort both, merge) of N = 200000 pseudo-random Ints from a linear
-- congruential generator (x -> (x * 1103515245 + 12345) % 2^31, element =
-- x / 16384). Prints MkPair (the first 10 sorted elements) (a checksum: the
-- sum of i * x_i mod 1000000007 over the sorted list, i from 1).
-- (Twin of mergesort.txt.)
import Prelude hiding (take)

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

evens :: List a -> List a
evens l = case l of { Nil -> Nil; Cons x xs -> Cons x (odds xs) }

odds :: List a -> List a
odds l = case l of { Nil -> Nil; Cons _ xs -> evens xs }

merge :: List Int -> List Int -> List Int
merge xs ys = case xs of
  Nil -> ys
  Cons x xt -> case ys of
    Nil -> xs
    Cons y yt -> if x <= y then Cons x (merge xt ys) else Cons y (merge xs yt)

msort :: List Int -> List Int
msort l = case l of
  Nil -> Nil
  Cons x xs -> case xs of
    Nil -> l
    Cons _ _ -> merge (msort (evens l)) (msort (odds l))

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
  let sorted = msort (randoms 200000 42)
  in print (MkPair (take 10 sorted) (checksum 1 sorted 0))
