-- printbig: printing a large value. Prints, in full, MkPair (a list of
-- N = 90000 pseudo-random Ints in -65536 .. 65535, about half of them
-- negative and so shown in parentheses) (a complete binary tree of depth 15,
-- 32767 nodes labelled with their breadth-first number modulo 1000):
-- about 1.9 MB of output, mostly the cost of showing constructors, nested
-- parentheses and numbers. (The output has to stay small enough to be
-- committed as printbig.out, so this run is short.) (Twin of printbig.txt.)
data List a = Nil | Cons a (List a) deriving Show
data Pair a b = MkPair a b deriving Show
data Tree = Leaf | Node Tree Int Tree deriving Show

next :: Int -> Int
next x = (x * 1103515245 + 12345) `rem` 2147483648

-- n numbers from seed x; the seed is forced at each cell so that no chain
-- of next thunks builds up
randoms :: Int -> Int -> List Int
randoms n x =
  if n == 0 then Nil
  else x `seq` Cons (x `quot` 16384 - 65536) (randoms (n - 1) (next x))

build :: Int -> Int -> Tree
build d k =
  if d == 0 then Leaf else Node (build (d - 1) (2 * k)) (k `rem` 1000) (build (d - 1) (2 * k + 1))

main :: IO ()
main = print (MkPair (randoms 90000 42) (build 15 1))
