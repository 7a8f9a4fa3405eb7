-- pipeline: a list pipeline of map, filter and foldr with lambdas over a
-- generated list, in several passes. Pass k takes the numbers k .. k + N - 1
-- (N = 100000), keeps the odd ones, squares them modulo 1000, adds k to each
-- and sums them with foldr; the passes k = 1 .. PASSES (PASSES = 60) are summed
-- with foldr too. Prints the total. (Twin of pipeline.txt.)
import Prelude hiding (map, filter, foldr)

data List a = Nil | Cons a (List a) deriving Show

range :: Int -> Int -> List Int
range a b = if a > b then Nil else Cons a (range (a + 1) b)

map :: (a -> b) -> List a -> List b
map f l = case l of { Nil -> Nil; Cons x xs -> Cons (f x) (map f xs) }

filter :: (a -> Bool) -> List a -> List a
filter p l = case l of
  Nil -> Nil
  Cons x xs -> if p x then Cons x (filter p xs) else filter p xs

foldr :: (a -> b -> b) -> b -> List a -> b
foldr f z l = case l of { Nil -> z; Cons x xs -> f x (foldr f z xs) }

size :: Int
size = 100000

pass :: Int -> Int
pass k =
  foldr (\x acc -> x + acc) 0
    (map (\x -> x + k)
      (map (\x -> (x * x) `rem` 1000)
        (filter (\x -> x `rem` 2 == 1) (range k (k + size - 1)))))

main :: IO ()
main = print (foldr (\k acc -> pass k + acc) 0 (range 1 60))
