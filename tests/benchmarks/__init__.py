import os

# Benchmarks run on throwaway databases, with DEBUG off as in production: a throwaway key.
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789-abcdefghijklmnop")
