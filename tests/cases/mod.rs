mod bus;
mod cli;
mod tail;
