-- tak: the Takeuchi function, deep non-tail recursion with three lazy
-- arguments (the third is often never needed). Prints tak 24 16 6 = 7.
-- (Twin of tak.txt.)
tak :: Int -> Int -> Int -> Int
tak x y z = if y < x then tak (tak (x - 1) y z) (tak (y - 1) z x) (tak (z - 1) x y) else z

main :: IO ()
main = print (tak 24 16 6)
