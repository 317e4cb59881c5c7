"""alsedu: adapting massage for clients living with ALS."""
