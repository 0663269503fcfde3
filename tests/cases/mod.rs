mod bus;
mod cli;
mod streams;
