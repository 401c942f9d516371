"""The DfE's children's social work workforce figures and the national benchmarks built on them."""
