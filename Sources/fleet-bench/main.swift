print("fleet-bench: under construction")
