-- queens: n-queens, counting the ways to place N queens on an N x N board
-- so that none attacks another, with lists built by concatMap and lambdas
-- (like bench/queens10.txt). Prints the total number of solutions for
-- N = 1 .. 11: 1 + 0 + 0 + 2 + 10 + 4 + 40 + 92 + 352 + 724 + 2680 = 3905.
-- (Twin of queens.txt.)
import Prelude hiding (length, concatMap)

data List a = Nil | Cons a (List a) deriving Show

safe :: Int -> Int -> List Int -> Bool
safe q d qs = case qs of
  Nil -> True
  Cons c rest ->
    if c == q then False
    else if c - q == d then False
    else if q - c == d then False
    else safe q (d + 1) rest

length :: List a -> Int
length l = case l of { Nil -> 0; Cons _ xs -> 1 + length xs }

append :: List a -> List a -> List a
append xs ys = case xs of { Nil -> ys; Cons x rest -> Cons x (append rest ys) }

concatMap :: (a -> List b) -> List a -> List b
concatMap f l = case l of { Nil -> Nil; Cons x xs -> append (f x) (concatMap f xs) }

range :: Int -> Int -> List Int
range a b = if a > b then Nil else Cons a (range (a + 1) b)

queens :: Int -> Int -> List (List Int)
queens n k =
  if k == 0 then Cons Nil Nil
  else concatMap (\qs ->
         concatMap (\q -> if safe q 1 qs then Cons (Cons q qs) Nil else Nil) (range 1 n))
       (queens n (k - 1))

total :: Int -> Int
total n = if n == 0 then 0 else length (queens n n) + total (n - 1)

main :: IO ()
main = print (total 11)
