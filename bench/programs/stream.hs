-- stream: an infinite stream consumed in constant memory. The infinite list
-- of a linear congruential generator's states (iterate next 1), each mapped
-- to its value modulo 1000, is summed over its first N = 10000000 elements
-- by a loop that forces its accumulator and drops the cells it has passed,
-- so only O(1) of the list is live at any time. Prints the sum.
-- (Twin of stream.txt.)
import Prelude hiding (iterate, map)

data List a = Nil | Cons a (List a) deriving Show

next :: Int -> Int
next x = (x * 1103515245 + 12345) `rem` 2147483648

iterate :: (a -> a) -> a -> List a
iterate f x = Cons x (iterate f (f x))

map :: (a -> b) -> List a -> List b
map f l = case l of { Nil -> Nil; Cons x xs -> Cons (f x) (map f xs) }

sumPrefix :: Int -> List Int -> Int -> Int
sumPrefix n l acc =
  if n == 0 then acc
  else case l of
    Nil -> acc
    Cons x xs -> let a = acc + x in a `seq` sumPrefix (n - 1) xs a

main :: IO ()
main = print (sumPrefix 10000000 (map (\x -> x `rem` 1000) (iterate next 1)) 0)
