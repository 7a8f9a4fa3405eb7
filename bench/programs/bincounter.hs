-- bincounter: a binary counter as a stream. Counters are lists of bits,
-- least significant first; the infinite stream iterate inc Nil holds the
-- counters 0, 1, 2, ... (each shares all but its low bits with the one
-- before). A loop walks the stream in constant memory, summing the number of
-- 1 bits of the counters 0 .. N - 1 (N = 3000000), and stops at counter N.
-- Prints MkPair (that sum) (counter N, as its list of bits).
-- (Twin of bincounter.txt.)
import Prelude hiding (iterate)

data List a = Nil | Cons a (List a) deriving Show
data Pair a b = MkPair a b deriving Show
data Bit = O | I deriving Show

inc :: List Bit -> List Bit
inc bs = case bs of
  Nil -> Cons I Nil
  Cons b rest -> case b of { O -> Cons I rest; I -> Cons O (inc rest) }

ones :: List Bit -> Int
ones bs = case bs of
  Nil -> 0
  Cons b rest -> case b of { O -> ones rest; I -> 1 + ones rest }

iterate :: (a -> a) -> a -> List a
iterate f x = Cons x (iterate f (f x))

walk :: Int -> List (List Bit) -> Int -> Pair Int (List Bit)
walk n l acc = case l of
  Nil -> MkPair acc Nil
  Cons c cs ->
    if n == 0 then MkPair acc c
    else let a = acc + ones c in a `seq` walk (n - 1) cs a

main :: IO ()
main = print (walk 3000000 (iterate inc Nil) 0)
