-- bst: a persistent (unbalanced) binary search tree. Inserts N = 200000
-- pseudo-random keys (a linear congruential generator, keys in 0 .. 131071,
-- duplicates ignored) one by one, each insert copying a path, then looks up
-- N other pseudo-random keys. Prints MkPair (number of distinct keys in the
-- tree) (number of lookups that found their key). (Twin of bst.txt.)
data List a = Nil | Cons a (List a) deriving Show
data Pair a b = MkPair a b deriving Show
data Tree = Leaf | Node Tree Int Tree

next :: Int -> Int
next x = (x * 1103515245 + 12345) `rem` 2147483648

-- n numbers from seed x; the seed is forced at each cell so that no chain
-- of next thunks builds up
randoms :: Int -> Int -> List Int
randoms n x =
  if n == 0 then Nil
  else x `seq` Cons (x `quot` 16384) (randoms (n - 1) (next x))

insert :: Int -> Tree -> Tree
insert x t = case t of
  Leaf -> Node Leaf x Leaf
  Node l y r ->
    if x < y then Node (insert x l) y r
    else if y < x then Node l y (insert x r) else t

-- the tree is forced (to its root) after each insert
fromList :: List Int -> Tree -> Tree
fromList l t = case l of
  Nil -> t
  Cons x xs -> let t2 = insert x t in t2 `seq` fromList xs t2

member :: Int -> Tree -> Bool
member x t = case t of
  Leaf -> False
  Node l y r -> if x < y then member x l else if y < x then member x r else True

size :: Tree -> Int
size t = case t of { Leaf -> 0; Node l _ r -> size l + 1 + size r }

hits :: Tree -> List Int -> Int -> Int
hits t l acc = case l of
  Nil -> acc
  Cons x xs -> let a = if member x t then acc + 1 else acc in a `seq` hits t xs a

main :: IO ()
main =
  let t = fromList (randoms 200000 42) Leaf
  in print (t `seq` MkPair (size t) (hits t (randoms 200000 4242) 0))
