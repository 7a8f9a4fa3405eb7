# Warnings are errors for every target of the project (generated scanner and
# parser sources relax only what their generators cannot avoid).
add_compile_options(-Wall -Wextra -Werror)
