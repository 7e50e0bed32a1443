print("fleet-sim: under construction")
