"""`make bench`: load 100,000 participant files into PostgreSQL and measure the caseload."""
