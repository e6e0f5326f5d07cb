import { render } from 'preact';

render(<main><h1>Hedge</h1></main>, document.getElementById('app')!);
