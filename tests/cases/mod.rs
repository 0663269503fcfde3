mod bus;
mod cli;
mod codec;
mod consume;
mod schemas;
mod streams;
mod subscriber;
mod tail;
