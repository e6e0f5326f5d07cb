import { render } from 'preact';

render(<main><h1>Hedge settings</h1></main>, document.getElementById('app')!);
