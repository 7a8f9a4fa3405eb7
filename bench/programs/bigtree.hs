-- bigtree: a large live heap. A complete binary tree of depth D = 21
-- (2,097,151 nodes; node number k, counted breadth-first from 1, holds
-- k * 7919 % 1000003) is built once, lazily, by the first fold and kept
-- live for the second one. Prints MkPair (sum of the labels) (largest label).
-- (Twin of bigtree.txt.)
import Prelude hiding (sum, max)

data Pair a b = MkPair a b deriving Show
data Tree = Leaf | Node Tree Int Tree

build :: Int -> Int -> Tree
build d k =
  if d == 0 then Leaf
  else Node (build (d - 1) (2 * k)) ((k * 7919) `rem` 1000003) (build (d - 1) (2 * k + 1))

sum :: Tree -> Int
sum t = case t of { Leaf -> 0; Node l x r -> sum l + x + sum r }

max :: Int -> Int -> Int
max a b = if a < b then b else a

maxT :: Tree -> Int
maxT t = case t of { Leaf -> 0; Node l x r -> max x (max (maxT l) (maxT r)) }

main :: IO ()
main =
  let tree = build 21 1
  in print (tree `seq` MkPair (sum tree) (maxT tree))
