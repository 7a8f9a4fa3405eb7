-- ackermann: the Ackermann function on Peano naturals (data Nat = Z | S Nat),
-- arguments and result: deep recursion, many calls and a lazily built
-- result. Prints the sum over k = 0 .. 10 of ack 3 k (= 2^(k+3) - 3), as an
-- Int: 16343. (Twin of ackermann.txt.)
data Nat = Z | S Nat

ack :: Nat -> Nat -> Nat
ack m n = case m of
  Z -> S n
  S m1 -> case n of
    Z -> ack m1 (S Z)
    S n1 -> ack m1 (ack m n1)

fromInt :: Int -> Nat
fromInt i = if i == 0 then Z else S (fromInt (i - 1))

toInt :: Nat -> Int
toInt n = case n of { Z -> 0; S m -> 1 + toInt m }

sumAcks :: Nat -> Int -> Int
sumAcks m k = if k < 0 then 0 else toInt (ack m (fromInt k)) + sumAcks m (k - 1)

main :: IO ()
main = print (sumAcks (fromInt 3) 10)
