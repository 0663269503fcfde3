mod bus;
mod cli;
mod codec;
mod schemas;
mod subscriber;
