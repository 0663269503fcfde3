mod bus;
mod cli;
mod codec;
mod schemas;
mod streams;
mod tail;
