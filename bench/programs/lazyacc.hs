-- lazyacc: a lazy accumulator. sumAcc (acc + x) xs never forces acc, so
-- summing a list of 10^6 Ints builds a chain of 10^6 nested (acc + x) thunks
-- that is only forced, 10^6 deep, at the end. Done for the ROUNDS = 5 lists
-- k .. k + 999999, k = 1 .. 5 (the rounds' totals are forced one by one).
-- Prints the total of the five sums. (Twin of lazyacc.txt.)
data List a = Nil | Cons a (List a) deriving Show

range :: Int -> Int -> List Int
range a b = if a > b then Nil else Cons a (range (a + 1) b)

sumAcc :: Int -> List Int -> Int
sumAcc acc l = case l of { Nil -> acc; Cons x xs -> sumAcc (acc + x) xs }

rounds :: Int -> Int -> Int
rounds k total =
  if k == 0 then total
  else let t = total + sumAcc 0 (range k (k + 999999)) in t `seq` rounds (k - 1) t

main :: IO ()
main = print (rounds 5 0)
