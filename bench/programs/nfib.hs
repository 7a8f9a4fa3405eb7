-- nfib: function calls and Int arithmetic. nfib n counts the calls it makes
-- (nfib n = nfib (n - 1) + nfib (n - 2) + 1), so it prints the number of
-- calls of nfib 35: 29860703. (Twin of nfib.txt.)
nfib :: Int -> Int
nfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1

main :: IO ()
main = print (nfib 35)
