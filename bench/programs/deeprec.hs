-- deeprec: non-tail recursion 10^6 deep. sumFrom a n = a + sumFrom (a + 1) (n - 1)
-- adds the n numbers from a, keeping one pending addition per level, so the
-- stack reaches 10^6 frames. Done for a = 1 .. ROUNDS (ROUNDS = 8, so nothing
-- is shared between rounds; the totals are forced one by one). Prints the total.
-- (Twin of deeprec.txt.)
sumFrom :: Int -> Int -> Int
sumFrom a n = if n == 0 then 0 else a + sumFrom (a + 1) (n - 1)

rounds :: Int -> Int -> Int
rounds k total =
  if k == 0 then total
  else let t = total + sumFrom k 1000000 in t `seq` rounds (k - 1) t

main :: IO ()
main = print (rounds 8 0)
