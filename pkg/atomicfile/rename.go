package atomicfile

import (
	"errors"
	"fmt"
	"os"
)

// linkInPlace claims dest with a hard link and then drops tmp: where there
// is no rename that refuses to replace, this never clobbers a file that
// appeared at dest meanwhile.
func linkInPlace(tmp, dest string) error {
	err := os.Link(tmp, dest)
	if err == nil {
		err = os.Remove(tmp)
	}
	return err
}

// placed is the error of moving the output into place, as the package
// reports it: an existing dest is an *ExistsError.
func placed(err error, dest string) error {
	switch {
	case errors.Is(err, os.ErrExist):
		return &ExistsError{Path: dest}
	case err != nil:
		return fmt.Errorf("moving the output into place: %w", err)
	}
	return nil
}
