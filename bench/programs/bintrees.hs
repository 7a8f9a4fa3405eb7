-- bintrees: the binary-trees allocation benchmark. A long-lived tree of depth
-- MAXD = 15 is built and checked first and kept live to the end (where its
-- nodes are counted); meanwhile, for each depth d = 4, 6, ..., 14, 2^(MAXD - d + 4)
-- pairs of short-lived trees of depth d (item i and -i) are built, checked
-- and dropped. Prints MkPair (check of the long-lived tree)
-- (MkPair (a list of MkPair iterations checksum, one per depth)
-- (node count of the long-lived tree)). (Twin of bintrees.txt.)
data List a = Nil | Cons a (List a) deriving Show
data Pair a b = MkPair a b deriving Show
data Tree = Leaf | Node Tree Int Tree

make :: Int -> Int -> Tree
make i d =
  if d == 0 then Node Leaf i Leaf
  else Node (make (2 * i - 1) (d - 1)) i (make (2 * i) (d - 1))

check :: Tree -> Int
check t = case t of { Leaf -> 0; Node l x r -> x + check l - check r }

count :: Tree -> Int
count t = case t of { Leaf -> 0; Node l _ r -> 1 + count l + count r }

pow2 :: Int -> Int
pow2 k = if k == 0 then 1 else 2 * pow2 (k - 1)

sumChecks :: Int -> Int -> Int -> Int
sumChecks n d acc =
  if n == 0 then acc
  else let a = acc + check (make n d) + check (make (0 - n) d) in a `seq` sumChecks (n - 1) d a

depths :: Int -> Int -> Int -> List (Pair Int Int)
depths d minD maxD =
  if d > maxD then Nil
  else let iterations = pow2 (maxD - d + minD)
       in Cons (MkPair iterations (sumChecks iterations d 0)) (depths (d + 2) minD maxD)

main :: IO ()
main =
  let minD = 4 :: Int
      maxD = 15 :: Int
      long = make 0 maxD
      c = check long
  in print (c `seq` MkPair c (MkPair (depths minD minD maxD) (count long)))
